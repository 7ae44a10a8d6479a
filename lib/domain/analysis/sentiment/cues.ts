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
}

const set = (s: string) => new Set(s.split(/\s+/).filter((w) => w !== ''));

const EN: LanguageCues = {
  negators: set(
    "not no never nothing nobody none neither nor without cannot can't don't doesn't didn't isn't wasn't aren't weren't won't wouldn't couldn't shouldn't hasn't haven't hadn't ain't dont doesnt didnt isnt wasnt arent werent wont wouldnt couldnt shouldnt hardly barely",
  ),
  intensifiers: set(
    'very really extremely so too totally absolutely incredibly super highly truly completely utterly most especially exceptionally remarkably seriously thoroughly',
  ),
  dampeners: set('slightly somewhat fairly rather kinda sort kind little bit partly marginally'),
  contrast: set('but however yet although though'),
};

const CUES: Record<string, LanguageCues> = {
  en: EN,
  pl: {
    negators: set('nie nigdy bez żaden żadna żadne żadnego nic nikt ani'),
    intensifiers: set(
      'bardzo naprawdę niezwykle strasznie mega super totalnie całkowicie wyjątkowo niesamowicie zbyt',
    ),
    dampeners: set('trochę nieco dość raczej lekko'),
    contrast: set('ale lecz jednak natomiast chociaż'),
  },
  de: {
    negators: set('nicht kein keine keinen keinem keiner nie niemals ohne nichts niemand weder'),
    intensifiers: set('sehr wirklich extrem total absolut echt super äußerst besonders völlig zu so'),
    dampeners: set('etwas ziemlich leicht bisschen einigermaßen'),
    contrast: set('aber jedoch doch allerdings trotzdem obwohl'),
  },
  fr: {
    negators: set("ne n' pas jamais sans aucun aucune rien personne ni"),
    intensifiers: set(
      'très vraiment extrêmement trop super totalement tellement absolument vachement hyper si',
    ),
    dampeners: set('peu légèrement plutôt assez'),
    contrast: set('mais cependant pourtant toutefois néanmoins'),
  },
  es: {
    negators: set('no nunca sin ningún ninguna ninguno nada nadie jamás tampoco ni'),
    intensifiers: set(
      'muy realmente extremadamente súper totalmente tan demasiado absolutamente increíblemente super',
    ),
    dampeners: set('poco algo ligeramente bastante'),
    contrast: set('pero sin embargo aunque sino'),
  },
  sl: {
    negators: set('ne ni nikoli brez noben nobena nobeno nič nihče niti nisem nisi nismo niso'),
    intensifiers: set('zelo res izjemno super popolnoma preveč čisto posebej strašno'),
    dampeners: set('malo nekoliko precej rahlo'),
    contrast: set('ampak toda vendar čeprav a'),
  },
  el: {
    negators: set('δεν μην όχι ποτέ χωρίς ούτε κανένα κανένας καμία τίποτα'),
    intensifiers: set('πολύ πάρα εξαιρετικά τρομερά πραγματικά απίστευτα τελείως εντελώς υπερβολικά'),
    dampeners: set('λίγο κάπως αρκετά ελαφρώς'),
    contrast: set('αλλά όμως ωστόσο παρόλο'),
  },
  it: {
    negators: set('non mai senza nessun nessuna niente nulla né'),
    intensifiers: set('molto davvero estremamente troppo super totalmente veramente assolutamente'),
    dampeners: set('poco leggermente abbastanza piuttosto'),
    contrast: set('ma però tuttavia comunque'),
  },
  pt: {
    negators: set('não nunca sem nenhum nenhuma nada ninguém jamais nem'),
    intensifiers: set('muito realmente extremamente demais super totalmente tão absolutamente'),
    dampeners: set('pouco ligeiramente bastante meio'),
    contrast: set('mas porém contudo entretanto'),
  },
  nl: {
    negators: set('niet geen nooit zonder niets niemand'),
    intensifiers: set('heel erg zeer echt super totaal extreem ontzettend te'),
    dampeners: set('beetje enigszins redelijk vrij'),
    contrast: set('maar echter toch hoewel'),
  },
};

/** Cues for a language; English when the language has none of its own. */
export function cuesFor(language: string): LanguageCues {
  return CUES[language] ?? EN;
}
