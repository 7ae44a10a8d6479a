/**
 * Grammatical cues the scorer needs per language: negators, intensifiers,
 * dampeners and contrast conjunctions. Hand-written general vocabulary.
 */
export interface LanguageCues {
  negators: ReadonlySet<string>;
  intensifiers: ReadonlySet<string>;
  dampeners: ReadonlySet<string>;
  /** Clause after it outweighs the clause before it ("good, but slow"). */
  contrast: ReadonlySet<string>;
  /** Introduces a conceded clause that weighs less than the main one ("although slow, it is good"). */
  concessive: ReadonlySet<string>;
  /** Unstressed pronouns that the negation window skips (Greek "δεν την κάνει"). */
  clitics?: ReadonlySet<string>;
}

const set = (s: string) => new Set(s.split(/\s+/).filter((w) => w !== ''));

// English negators and degree adverbs follow VADER's lists (Hutto & Gilbert 2014).
const EN: LanguageCues = {
  negators: set(
    "not no never nothing nobody none neither nor nowhere without cannot can't don't doesn't didn't isn't wasn't aren't weren't won't wouldn't couldn't shouldn't hasn't haven't hadn't ain't mustn't needn't shan't dont doesnt didnt isnt wasnt arent werent wont wouldnt couldnt shouldnt cant aint hardly barely rarely seldom scarcely nope",
  ),
  intensifiers: set(
    'very really extremely so too totally absolutely incredibly super highly truly completely utterly most especially exceptionally remarkably seriously thoroughly amazingly awfully considerably decidedly deeply enormously entirely extraordinarily fully greatly hugely immensely intensely majorly particularly purely quite substantially tremendously unbelievably unusually insanely ridiculously terribly pretty',
  ),
  dampeners: set(
    'slightly somewhat fairly rather kinda sorta sort kind little bit partly marginally almost occasionally less',
  ),
  contrast: set('but however'),
  concessive: set('although though despite'),
};

const CUES: Record<string, LanguageCues> = {
  en: EN,
  pl: {
    negators: set('nie nigdy bez żaden żadna żadne żadnego nic nikt ani'),
    intensifiers: set(
      'bardzo naprawdę niezwykle strasznie mega super totalnie całkowicie wyjątkowo niesamowicie zbyt',
    ),
    dampeners: set('trochę nieco dość raczej lekko'),
    contrast: set('ale lecz jednak natomiast'),
    concessive: set('chociaż choć mimo'),
  },
  de: {
    negators: set('nicht kein keine keinen keinem keiner nie niemals ohne nichts niemand weder'),
    intensifiers: set('sehr wirklich extrem total absolut echt super äußerst besonders völlig zu so'),
    dampeners: set('etwas ziemlich leicht bisschen einigermaßen'),
    contrast: set('aber jedoch doch allerdings trotzdem'),
    concessive: set('obwohl obgleich trotz'),
  },
  fr: {
    negators: set("ne n' pas jamais sans aucun aucune rien personne ni"),
    intensifiers: set(
      'très vraiment extrêmement trop super totalement tellement absolument vachement hyper si',
    ),
    dampeners: set('peu légèrement plutôt assez'),
    contrast: set('mais cependant pourtant toutefois néanmoins'),
    concessive: set('quoique malgré'),
  },
  es: {
    negators: set('no nunca sin ningún ninguna ninguno nada nadie jamás tampoco ni'),
    intensifiers: set(
      'muy realmente extremadamente súper totalmente tan demasiado absolutamente increíblemente super',
    ),
    dampeners: set('poco algo ligeramente bastante'),
    contrast: set('pero sin embargo sino'),
    concessive: set('aunque'),
  },
  sl: {
    negators: set('ne ni nikoli brez noben nobena nobeno nič nihče niti nisem nisi nismo niso'),
    intensifiers: set('zelo res izjemno super popolnoma preveč čisto posebej strašno'),
    dampeners: set('malo nekoliko precej rahlo'),
    contrast: set('ampak toda vendar a'),
    concessive: set('čeprav kljub'),
  },
  el: {
    negators: set('δεν μην όχι ποτέ χωρίς ούτε κανένα κανένας καμία τίποτα'),
    intensifiers: set('πολύ πάρα εξαιρετικά τρομερά πραγματικά απίστευτα τελείως εντελώς υπερβολικά καθόλου'),
    dampeners: set('λίγο κάπως αρκετά ελαφρώς'),
    contrast: set('αλλά όμως ωστόσο'),
    concessive: set('παρόλο'),
    clitics: set('το τα την τη τον τους τις μου σου του της μας σας'),
  },
  it: {
    negators: set('non mai senza nessun nessuna niente nulla né'),
    intensifiers: set('molto davvero estremamente troppo super totalmente veramente assolutamente'),
    dampeners: set('poco leggermente abbastanza piuttosto'),
    contrast: set('ma però tuttavia comunque'),
    concessive: set('sebbene benché nonostante'),
  },
  pt: {
    negators: set('não nunca sem nenhum nenhuma nada ninguém jamais nem'),
    intensifiers: set('muito realmente extremamente demais super totalmente tão absolutamente'),
    dampeners: set('pouco ligeiramente bastante meio'),
    contrast: set('mas porém contudo entretanto'),
    concessive: set('embora apesar'),
  },
  nl: {
    negators: set('niet geen nooit zonder niets niemand'),
    intensifiers: set('heel erg zeer echt super totaal extreem ontzettend te'),
    dampeners: set('beetje enigszins redelijk vrij'),
    contrast: set('maar echter toch'),
    concessive: set('hoewel ondanks'),
  },
};

/** Cues for a language; English when the language has none of its own. */
export function cuesFor(language: string): LanguageCues {
  return CUES[language] ?? EN;
}
