/**
 * The report's words in every language the badge supports. English is the
 * default and the reference: every other language has every key (the type
 * says so). Placeholders are `{name}`; values are filled in as plain text and
 * escaped by the template like everything else.
 */
import type { Channel, PainCategory, Stage } from '#lib/domain/model.ts';
import type { AlertRule } from '../alert.ts';
import type { IdentityField, SuspiciousCluster } from '../report.ts';
import type { ReportLanguage } from '../settings.ts';

export interface Messages {
  title: string;
  period: string;
  generated: string;
  kpi: {
    trustScore: string;
    reviews: string;
    netSentiment: string;
    nps: string;
    experience: string;
    consistency: string;
    suspicious: string;
    vsPrevious: string;
  };
  attention: {
    title: string;
    weakest: string;
    allInLine: string;
    mismatches: string;
    noMismatch: string;
    alerts: string;
    clusters: string;
    topPain: string;
  };
  charts: { trend: string; sentiment: string; heatmap: string; journey: string; noData: string };
  sentiment: { positive: string; neutral: string; negative: string; mixed: string };
  columns: {
    touchpoint: string;
    stage: string;
    channel: string;
    volume: string;
    trustScore: string;
    stars: string;
    netSentiment: string;
    nps: string;
    experience: string;
    suspicious: string;
    change: string;
    field: string;
    profile: string;
    seen: string;
    where: string;
    detail: string;
    kind: string;
    window: string;
    reviews: string;
    evidence: string;
    raised: string;
    alert: string;
  };
  sections: {
    touchpoints: string;
    consistency: string;
    identity: string;
    authenticity: string;
    alerts: string;
    painPoints: string;
    verbatims: string;
    methods: string;
  };
  consistency: {
    index: string;
    baseline: string;
    below: string;
    above: string;
    inLine: string;
    drags: string;
    /** Over a touchpoint above the brand: its weak spots, even so. */
    watch: string;
  };
  drivers: {
    painPoint: string;
    negativeSentiment: string;
    lowStars: string;
    detractors: string;
    suspicious: string;
  };
  identity: { none: string; summary: string };
  authenticity: { summary: string; with: string; without: string; none: string };
  alerts: { none: string };
  noReviews: string;
  itemsNote: string;
  methods: string[];
  fields: Record<IdentityField, string>;
  clusterKinds: Record<SuspiciousCluster['kind'], string>;
  rules: Record<AlertRule, string>;
  ruleSummaries: Record<AlertRule, string>;
  pain: Record<PainCategory, string>;
  stages: Record<Stage, string>;
  channels: Record<Channel, string>;
  email: { subject: string; intro: string; open: string; csv: string };
}

const en: Messages = {
  title: 'Reputation report',
  period: '{from} – {to}, compared with {previousFrom} – {previousTo}',
  generated: 'Generated {date}',
  kpi: {
    trustScore: 'TrustScore',
    reviews: 'Reviews',
    netSentiment: 'Net sentiment',
    nps: 'NPS-style score',
    experience: 'Experience (1–5)',
    consistency: 'Consistency index',
    suspicious: 'Suspicious reviews',
    vsPrevious: 'vs previous period',
  },
  attention: {
    title: 'What needs attention',
    weakest: '{touchpoint} is the weakest touchpoint: experience {experience} vs brand {baseline}{drivers}.',
    allInLine: 'No touchpoint sits significantly below the brand.',
    mismatches: 'Identity mismatches: {count}. Pages show the brand differently from its profile.',
    noMismatch: 'Every page checked shows the brand as its profile does.',
    alerts: 'Alerts raised in this period: {count}.',
    clusters:
      'Suspicious clusters: {clusters} ({flagged} reviews); average {without}★ without them, {with}★ with them.',
    topPain: 'Top pain point: {category} ({share} of items).',
  },
  charts: {
    trend: 'TrustScore, last 12 weeks',
    sentiment: 'Sentiment by touchpoint',
    heatmap: 'Pain points by touchpoint (share of items)',
    journey: 'Emotion along the customer journey',
    noData: 'No data',
  },
  sentiment: { positive: 'Positive', neutral: 'Neutral', negative: 'Negative', mixed: 'Mixed' },
  columns: {
    touchpoint: 'Touchpoint',
    stage: 'Stage',
    channel: 'Channel',
    volume: 'Items',
    trustScore: 'TrustScore',
    stars: 'Stars',
    netSentiment: 'Net sentiment',
    nps: 'NPS-style',
    experience: 'Experience',
    suspicious: 'Suspicious',
    change: 'Change',
    field: 'Field',
    profile: 'Profile says',
    seen: 'Page shows',
    where: 'Where',
    detail: 'What differs',
    kind: 'Kind',
    window: 'Window',
    reviews: 'Reviews',
    evidence: 'Evidence',
    raised: 'Raised',
    alert: 'Alert',
  },
  sections: {
    touchpoints: 'Touchpoints',
    consistency: 'Experience consistency, weakest first',
    identity: 'Identity consistency',
    authenticity: 'Authenticity',
    alerts: 'Alerts',
    painPoints: 'Top pain points',
    verbatims: 'What customers say',
    methods: 'How these figures are made',
  },
  consistency: {
    index: 'Consistency index {index}/100',
    baseline: 'Brand experience {experience}',
    below: 'Significantly below the brand',
    above: 'Significantly above the brand',
    inLine: 'In line with the brand (no significant difference)',
    drags: 'What drags it down',
    watch: 'Worth watching all the same',
  },
  drivers: {
    painPoint: '{category} in {value} of items (brand {brand})',
    negativeSentiment: 'negative sentiment {value} (brand {brand})',
    lowStars: '{value}★ on average (brand {brand}★)',
    detractors: 'detractors {value} (brand {brand})',
    suspicious: 'suspicious reviews {value} (brand {brand})',
  },
  identity: {
    none: 'No mismatch (fields compared: {fields}; pages checked: {sources}).',
    summary: 'Mismatches: {count} (fields compared: {fields}; pages checked: {sources}).',
  },
  authenticity: {
    summary: '{flagged} of {analysed} analysed reviews flagged ({share}).',
    with: 'Average with flagged reviews',
    without: 'Average without them',
    none: 'No suspicious cluster or burst in this period.',
  },
  alerts: { none: 'No alert raised in this period.' },
  noReviews: 'No reviews in this period',
  itemsNote: 'Verbatims and clusters come from the newest {limit} items of each touchpoint in the period.',
  methods: [
    'TrustScore: the public badge formula as of the period’s last day — a Bayesian average weighted by recency and authenticity (docs/trust-score.md).',
    'NPS-style split: 5★ promoters, 4★ passives, 1–3★ detractors; on a 0–10 survey scale that is 9–10, 7–8 and 0–6. Likely-fake reviews are left out.',
    'Experience (1–5): reviews count by their stars, mentions by their text sentiment mapped onto 1–5.',
    'Consistency index: 100 × (1 − D/2), D the average distance in stars between each touchpoint’s experience (shrunk toward the brand’s with 10 pseudo-items) and the brand’s. A touchpoint is called significantly different only when a t-test (stars) or a two-proportion test (negative share), Holm-corrected, gives p < 0.05 and the gap is at least 0.3★ or 10 points.',
    'Net sentiment: share of positive items minus share of negative items, × 100.',
  ],
  fields: {
    name: 'Name',
    telephone: 'Telephone',
    address: 'Address',
    openingHours: 'Opening hours',
    website: 'Website',
    claims: 'Claims',
  },
  clusterKinds: {
    burst: 'Burst',
    duplicates: 'Near-identical texts',
    author: 'One author, same day',
    other: 'Other',
  },
  rules: {
    'negative-spike': 'Negative-sentiment spike',
    'suspicious-burst': 'Suspicious-review burst',
    'trustscore-drop': 'TrustScore drop',
    'identity-mismatch': 'New identity mismatch',
    'source-failing': 'Source keeps failing',
  },
  ruleSummaries: {
    'negative-spike':
      '{negative} of {items} items negative in 24 hours ({rate}); baseline {baselineRate} + {sigmas}σ = {threshold}',
    'suspicious-burst':
      '{flagged} reviews flagged in 24 hours; baseline {baselinePerDay}/day + {sigmas}σ = {threshold}',
    'trustscore-drop': 'TrustScore {score}, {drop} below its best of the last 7 days ({best})',
    'identity-mismatch': 'New mismatches between pages and the profile: {count}',
    'source-failing': 'Source {source} failed {failures} times in a row',
  },
  pain: {
    interaction: 'Staff & support',
    reliability: 'Reliability',
    payment: 'Payment & refunds',
    feature: 'Product features',
    delivery: 'Delivery',
    price: 'Price & value',
  },
  stages: {
    awareness: 'Awareness',
    consideration: 'Consideration',
    purchase: 'Purchase',
    delivery: 'Delivery',
    use: 'Use',
    'after-sales': 'After-sales',
  },
  channels: {
    website: 'Website',
    'search-listing': 'Search listing',
    'review-site': 'Review site',
    'app-store': 'App store',
    social: 'Social',
    'forum-news': 'Forums & news',
    support: 'Support',
    store: 'Store',
    delivery: 'Delivery',
    email: 'E-mail',
  },
  email: {
    subject: '{brand}: reputation report {from} – {to}',
    intro: 'Your reputation report for {brand} is ready.',
    open: 'Open the report',
    csv: 'Download the figures (CSV)',
  },
};

const pl: Messages = {
  title: 'Raport reputacji',
  period: '{from} – {to}, w porównaniu z {previousFrom} – {previousTo}',
  generated: 'Wygenerowano {date}',
  kpi: {
    trustScore: 'TrustScore',
    reviews: 'Opinie',
    netSentiment: 'Sentyment netto',
    nps: 'Wskaźnik typu NPS',
    experience: 'Doświadczenie (1–5)',
    consistency: 'Indeks spójności',
    suspicious: 'Podejrzane opinie',
    vsPrevious: 'wobec poprzedniego okresu',
  },
  attention: {
    title: 'Na co zwrócić uwagę',
    weakest:
      '{touchpoint} to najsłabszy punkt styku: doświadczenie {experience} wobec {baseline} dla marki{drivers}.',
    allInLine: 'Żaden punkt styku nie odstaje istotnie od marki.',
    mismatches: 'Niezgodności tożsamości: {count}. Strony pokazują markę inaczej niż jej profil.',
    noMismatch: 'Każda sprawdzona strona pokazuje markę zgodnie z profilem.',
    alerts: 'Alerty w tym okresie: {count}.',
    clusters:
      'Skupiska podejrzanych opinii: {clusters} (opinie: {flagged}); średnia {without}★ bez nich, {with}★ z nimi.',
    topPain: 'Główny problem: {category} ({share} pozycji).',
  },
  charts: {
    trend: 'TrustScore, ostatnie 12 tygodni',
    sentiment: 'Sentyment według punktu styku',
    heatmap: 'Problemy według punktu styku (udział pozycji)',
    journey: 'Emocje na ścieżce klienta',
    noData: 'Brak danych',
  },
  sentiment: { positive: 'Pozytywny', neutral: 'Neutralny', negative: 'Negatywny', mixed: 'Mieszany' },
  columns: {
    touchpoint: 'Punkt styku',
    stage: 'Etap',
    channel: 'Kanał',
    volume: 'Pozycje',
    trustScore: 'TrustScore',
    stars: 'Gwiazdki',
    netSentiment: 'Sentyment netto',
    nps: 'Typu NPS',
    experience: 'Doświadczenie',
    suspicious: 'Podejrzane',
    change: 'Zmiana',
    field: 'Pole',
    profile: 'Profil',
    seen: 'Strona',
    where: 'Gdzie',
    detail: 'Różnica',
    kind: 'Rodzaj',
    window: 'Okno',
    reviews: 'Opinie',
    evidence: 'Dowody',
    raised: 'Zgłoszono',
    alert: 'Alert',
  },
  sections: {
    touchpoints: 'Punkty styku',
    consistency: 'Spójność doświadczeń, od najsłabszych',
    identity: 'Spójność tożsamości',
    authenticity: 'Autentyczność',
    alerts: 'Alerty',
    painPoints: 'Główne problemy',
    verbatims: 'Co mówią klienci',
    methods: 'Jak powstają te liczby',
  },
  consistency: {
    index: 'Indeks spójności {index}/100',
    baseline: 'Doświadczenie marki {experience}',
    below: 'Istotnie poniżej marki',
    above: 'Istotnie powyżej marki',
    inLine: 'Zgodnie z marką (brak istotnej różnicy)',
    drags: 'Co obniża wynik',
    watch: 'Mimo to warto obserwować',
  },
  drivers: {
    painPoint: '{category} w {value} pozycji (marka {brand})',
    negativeSentiment: 'negatywny sentyment {value} (marka {brand})',
    lowStars: 'średnio {value}★ (marka {brand}★)',
    detractors: 'krytycy {value} (marka {brand})',
    suspicious: 'podejrzane opinie {value} (marka {brand})',
  },
  identity: {
    none: 'Brak niezgodności (porównane pola: {fields}; sprawdzone strony: {sources}).',
    summary: 'Niezgodności: {count} (porównane pola: {fields}; sprawdzone strony: {sources}).',
  },
  authenticity: {
    summary: 'Oznaczono {flagged} z {analysed} przeanalizowanych opinii ({share}).',
    with: 'Średnia z oznaczonymi opiniami',
    without: 'Średnia bez nich',
    none: 'Brak podejrzanych skupisk i nagłych wzrostów w tym okresie.',
  },
  alerts: { none: 'Brak alertów w tym okresie.' },
  noReviews: 'Brak opinii w tym okresie',
  itemsNote: 'Cytaty i skupiska pochodzą z {limit} najnowszych pozycji każdego punktu styku w okresie.',
  methods: [
    'TrustScore: publiczna formuła odznaki na ostatni dzień okresu — średnia bayesowska ważona aktualnością i autentycznością (docs/trust-score.md).',
    'Podział typu NPS: 5★ promotorzy, 4★ neutralni, 1–3★ krytycy; w ankiecie 0–10 to 9–10, 7–8 i 0–6. Opinie prawdopodobnie fałszywe są pomijane.',
    'Doświadczenie (1–5): opinie liczą się gwiazdkami, wzmianki sentymentem tekstu przeniesionym na skalę 1–5.',
    'Indeks spójności: 100 × (1 − D/2), gdzie D to średnia odległość w gwiazdkach między doświadczeniem każdego punktu styku (ściągniętym ku marce o 10 pseudo-pozycji) a doświadczeniem marki. Punkt uznaje się za istotnie inny tylko przy p < 0,05 (test t dla gwiazdek lub test dwóch proporcji dla udziału negatywnych, z poprawką Holma) i różnicy co najmniej 0,3★ lub 10 punktów.',
    'Sentyment netto: udział pozytywnych minus udział negatywnych pozycji, × 100.',
  ],
  fields: {
    name: 'Nazwa',
    telephone: 'Telefon',
    address: 'Adres',
    openingHours: 'Godziny otwarcia',
    website: 'Strona WWW',
    claims: 'Deklaracje',
  },
  clusterKinds: {
    burst: 'Nagły wzrost',
    duplicates: 'Niemal identyczne teksty',
    author: 'Jeden autor, jeden dzień',
    other: 'Inne',
  },
  rules: {
    'negative-spike': 'Skok negatywnego sentymentu',
    'suspicious-burst': 'Fala podejrzanych opinii',
    'trustscore-drop': 'Spadek TrustScore',
    'identity-mismatch': 'Nowa niezgodność tożsamości',
    'source-failing': 'Źródło stale zawodzi',
  },
  ruleSummaries: {
    'negative-spike':
      '{negative} z {items} pozycji negatywnych w 24 godziny ({rate}); poziom bazowy {baselineRate} + {sigmas}σ = {threshold}',
    'suspicious-burst':
      '{flagged} oznaczonych opinii w 24 godziny; poziom bazowy {baselinePerDay}/dzień + {sigmas}σ = {threshold}',
    'trustscore-drop': 'TrustScore {score}, o {drop} poniżej najlepszego wyniku z 7 dni ({best})',
    'identity-mismatch': 'Nowe niezgodności między stronami a profilem: {count}',
    'source-failing': 'Źródło {source} zawiodło {failures} razy z rzędu',
  },
  pain: {
    interaction: 'Obsługa i wsparcie',
    reliability: 'Niezawodność',
    payment: 'Płatności i zwroty',
    feature: 'Funkcje produktu',
    delivery: 'Dostawa',
    price: 'Cena i wartość',
  },
  stages: {
    awareness: 'Świadomość',
    consideration: 'Rozważanie',
    purchase: 'Zakup',
    delivery: 'Dostawa',
    use: 'Użytkowanie',
    'after-sales': 'Posprzedaż',
  },
  channels: {
    website: 'Strona WWW',
    'search-listing': 'Wizytówka w wyszukiwarce',
    'review-site': 'Serwis z opiniami',
    'app-store': 'Sklep z aplikacjami',
    social: 'Media społecznościowe',
    'forum-news': 'Fora i media',
    support: 'Obsługa klienta',
    store: 'Sklep stacjonarny',
    delivery: 'Dostawa',
    email: 'E-mail',
  },
  email: {
    subject: '{brand}: raport reputacji {from} – {to}',
    intro: 'Raport reputacji marki {brand} jest gotowy.',
    open: 'Otwórz raport',
    csv: 'Pobierz dane (CSV)',
  },
};

const sl: Messages = {
  title: 'Poročilo o ugledu',
  period: '{from} – {to}, v primerjavi z {previousFrom} – {previousTo}',
  generated: 'Ustvarjeno {date}',
  kpi: {
    trustScore: 'TrustScore',
    reviews: 'Ocene',
    netSentiment: 'Neto razpoloženje',
    nps: 'Ocena po vzoru NPS',
    experience: 'Izkušnja (1–5)',
    consistency: 'Indeks doslednosti',
    suspicious: 'Sumljive ocene',
    vsPrevious: 'glede na prejšnje obdobje',
  },
  attention: {
    title: 'Kaj zahteva pozornost',
    weakest:
      '{touchpoint} je najšibkejša stična točka: izkušnja {experience} proti {baseline} za blagovno znamko{drivers}.',
    allInLine: 'Nobena stična točka ne odstopa značilno od blagovne znamke.',
    mismatches: 'Neskladja identitete: {count}. Strani prikazujejo znamko drugače kot njen profil.',
    noMismatch: 'Vse preverjene strani prikazujejo znamko v skladu s profilom.',
    alerts: 'Opozorila v tem obdobju: {count}.',
    clusters:
      'Skupine sumljivih ocen: {clusters} (ocene: {flagged}); povprečje brez njih {without}★, z njimi {with}★.',
    topPain: 'Glavna težava: {category} ({share} vnosov).',
  },
  charts: {
    trend: 'TrustScore, zadnjih 12 tednov',
    sentiment: 'Razpoloženje po stičnih točkah',
    heatmap: 'Težave po stičnih točkah (delež vnosov)',
    journey: 'Čustva na poti kupca',
    noData: 'Ni podatkov',
  },
  sentiment: { positive: 'Pozitivno', neutral: 'Nevtralno', negative: 'Negativno', mixed: 'Mešano' },
  columns: {
    touchpoint: 'Stična točka',
    stage: 'Faza',
    channel: 'Kanal',
    volume: 'Vnosi',
    trustScore: 'TrustScore',
    stars: 'Zvezdice',
    netSentiment: 'Neto razpoloženje',
    nps: 'Po vzoru NPS',
    experience: 'Izkušnja',
    suspicious: 'Sumljive',
    change: 'Sprememba',
    field: 'Polje',
    profile: 'Profil',
    seen: 'Stran',
    where: 'Kje',
    detail: 'Razlika',
    kind: 'Vrsta',
    window: 'Obdobje',
    reviews: 'Ocene',
    evidence: 'Dokazi',
    raised: 'Sproženo',
    alert: 'Opozorilo',
  },
  sections: {
    touchpoints: 'Stične točke',
    consistency: 'Doslednost izkušnje, najšibkejše najprej',
    identity: 'Doslednost identitete',
    authenticity: 'Pristnost',
    alerts: 'Opozorila',
    painPoints: 'Glavne težave',
    verbatims: 'Kaj pravijo kupci',
    methods: 'Kako nastanejo te številke',
  },
  consistency: {
    index: 'Indeks doslednosti {index}/100',
    baseline: 'Izkušnja blagovne znamke {experience}',
    below: 'Značilno pod ravnjo znamke',
    above: 'Značilno nad ravnjo znamke',
    inLine: 'V skladu z znamko (brez značilne razlike)',
    drags: 'Kaj zniža rezultat',
    watch: 'Kljub temu vredno spremljati',
  },
  drivers: {
    painPoint: '{category} v {value} vnosov (znamka {brand})',
    negativeSentiment: 'negativno razpoloženje {value} (znamka {brand})',
    lowStars: 'povprečno {value}★ (znamka {brand}★)',
    detractors: 'kritiki {value} (znamka {brand})',
    suspicious: 'sumljive ocene {value} (znamka {brand})',
  },
  identity: {
    none: 'Ni neskladij (primerjana polja: {fields}; preverjene strani: {sources}).',
    summary: 'Neskladja: {count} (primerjana polja: {fields}; preverjene strani: {sources}).',
  },
  authenticity: {
    summary: 'Označenih {flagged} od {analysed} analiziranih ocen ({share}).',
    with: 'Povprečje z označenimi ocenami',
    without: 'Povprečje brez njih',
    none: 'V tem obdobju ni sumljivih skupin ali izbruhov.',
  },
  alerts: { none: 'V tem obdobju ni opozoril.' },
  noReviews: 'V tem obdobju ni ocen',
  itemsNote: 'Citati in skupine izhajajo iz {limit} najnovejših vnosov vsake stične točke v obdobju.',
  methods: [
    'TrustScore: javna formula značke na zadnji dan obdobja — bayesovsko povprečje, uteženo z aktualnostjo in pristnostjo (docs/trust-score.md).',
    'Delitev po vzoru NPS: 5★ promotorji, 4★ pasivni, 1–3★ kritiki; na lestvici 0–10 to pomeni 9–10, 7–8 in 0–6. Verjetno lažne ocene so izpuščene.',
    'Izkušnja (1–5): ocene štejejo z zvezdicami, omembe z razpoloženjem besedila, preslikanim na 1–5.',
    'Indeks doslednosti: 100 × (1 − D/2), kjer je D povprečna razdalja v zvezdicah med izkušnjo vsake stične točke (skrčeno proti znamki z 10 psevdo-vnosi) in izkušnjo znamke. Točka velja za značilno drugačno le pri p < 0,05 (t-test za zvezdice ali test dveh deležev za negativne, s Holmovo korekcijo) in razliki vsaj 0,3★ ali 10 točk.',
    'Neto razpoloženje: delež pozitivnih minus delež negativnih vnosov, × 100.',
  ],
  fields: {
    name: 'Ime',
    telephone: 'Telefon',
    address: 'Naslov',
    openingHours: 'Delovni čas',
    website: 'Spletna stran',
    claims: 'Trditve',
  },
  clusterKinds: {
    burst: 'Izbruh',
    duplicates: 'Skoraj enaka besedila',
    author: 'En avtor, isti dan',
    other: 'Drugo',
  },
  rules: {
    'negative-spike': 'Skok negativnega razpoloženja',
    'suspicious-burst': 'Izbruh sumljivih ocen',
    'trustscore-drop': 'Padec TrustScore',
    'identity-mismatch': 'Novo neskladje identitete',
    'source-failing': 'Vir vztrajno odpoveduje',
  },
  ruleSummaries: {
    'negative-spike':
      '{negative} od {items} vnosov negativnih v 24 urah ({rate}); izhodišče {baselineRate} + {sigmas}σ = {threshold}',
    'suspicious-burst':
      '{flagged} označenih ocen v 24 urah; izhodišče {baselinePerDay}/dan + {sigmas}σ = {threshold}',
    'trustscore-drop': 'TrustScore {score}, {drop} pod najboljšim v zadnjih 7 dneh ({best})',
    'identity-mismatch': 'Nova neskladja med stranmi in profilom: {count}',
    'source-failing': 'Vir {source} je odpovedal {failures}-krat zapored',
  },
  pain: {
    interaction: 'Osebje in podpora',
    reliability: 'Zanesljivost',
    payment: 'Plačila in vračila',
    feature: 'Funkcije izdelka',
    delivery: 'Dostava',
    price: 'Cena in vrednost',
  },
  stages: {
    awareness: 'Zavedanje',
    consideration: 'Razmislek',
    purchase: 'Nakup',
    delivery: 'Dostava',
    use: 'Uporaba',
    'after-sales': 'Po nakupu',
  },
  channels: {
    website: 'Spletna stran',
    'search-listing': 'Vpis v iskalniku',
    'review-site': 'Portal z ocenami',
    'app-store': 'Trgovina z aplikacijami',
    social: 'Družbena omrežja',
    'forum-news': 'Forumi in novice',
    support: 'Podpora',
    store: 'Trgovina',
    delivery: 'Dostava',
    email: 'E-pošta',
  },
  email: {
    subject: '{brand}: poročilo o ugledu {from} – {to}',
    intro: 'Poročilo o ugledu za {brand} je pripravljeno.',
    open: 'Odpri poročilo',
    csv: 'Prenesi podatke (CSV)',
  },
};

const el: Messages = {
  title: 'Αναφορά φήμης',
  period: '{from} – {to}, σε σύγκριση με {previousFrom} – {previousTo}',
  generated: 'Δημιουργήθηκε {date}',
  kpi: {
    trustScore: 'TrustScore',
    reviews: 'Κριτικές',
    netSentiment: 'Καθαρό συναίσθημα',
    nps: 'Δείκτης τύπου NPS',
    experience: 'Εμπειρία (1–5)',
    consistency: 'Δείκτης συνέπειας',
    suspicious: 'Ύποπτες κριτικές',
    vsPrevious: 'έναντι προηγούμενης περιόδου',
  },
  attention: {
    title: 'Τι χρειάζεται προσοχή',
    weakest:
      'Το {touchpoint} είναι το πιο αδύναμο σημείο επαφής: εμπειρία {experience} έναντι {baseline} της μάρκας{drivers}.',
    allInLine: 'Κανένα σημείο επαφής δεν υστερεί σημαντικά σε σχέση με τη μάρκα.',
    mismatches:
      'Αναντιστοιχίες ταυτότητας: {count}. Σελίδες δείχνουν τη μάρκα διαφορετικά από το προφίλ της.',
    noMismatch: 'Κάθε σελίδα που ελέγχθηκε δείχνει τη μάρκα όπως το προφίλ της.',
    alerts: 'Ειδοποιήσεις σε αυτή την περίοδο: {count}.',
    clusters:
      'Ομάδες ύποπτων κριτικών: {clusters} (κριτικές: {flagged})· μέσος όρος {without}★ χωρίς αυτές, {with}★ με αυτές.',
    topPain: 'Κύριο πρόβλημα: {category} ({share} των καταχωρίσεων).',
  },
  charts: {
    trend: 'TrustScore, τελευταίες 12 εβδομάδες',
    sentiment: 'Συναίσθημα ανά σημείο επαφής',
    heatmap: 'Προβλήματα ανά σημείο επαφής (μερίδιο καταχωρίσεων)',
    journey: 'Συναισθήματα στη διαδρομή του πελάτη',
    noData: 'Χωρίς δεδομένα',
  },
  sentiment: { positive: 'Θετικό', neutral: 'Ουδέτερο', negative: 'Αρνητικό', mixed: 'Μικτό' },
  columns: {
    touchpoint: 'Σημείο επαφής',
    stage: 'Στάδιο',
    channel: 'Κανάλι',
    volume: 'Καταχωρίσεις',
    trustScore: 'TrustScore',
    stars: 'Αστέρια',
    netSentiment: 'Καθαρό συναίσθημα',
    nps: 'Τύπου NPS',
    experience: 'Εμπειρία',
    suspicious: 'Ύποπτες',
    change: 'Μεταβολή',
    field: 'Πεδίο',
    profile: 'Προφίλ',
    seen: 'Σελίδα',
    where: 'Πού',
    detail: 'Διαφορά',
    kind: 'Είδος',
    window: 'Διάστημα',
    reviews: 'Κριτικές',
    evidence: 'Τεκμήρια',
    raised: 'Εκδόθηκε',
    alert: 'Ειδοποίηση',
  },
  sections: {
    touchpoints: 'Σημεία επαφής',
    consistency: 'Συνέπεια εμπειρίας, τα πιο αδύναμα πρώτα',
    identity: 'Συνέπεια ταυτότητας',
    authenticity: 'Γνησιότητα',
    alerts: 'Ειδοποιήσεις',
    painPoints: 'Κύρια προβλήματα',
    verbatims: 'Τι λένε οι πελάτες',
    methods: 'Πώς υπολογίζονται αυτά τα στοιχεία',
  },
  consistency: {
    index: 'Δείκτης συνέπειας {index}/100',
    baseline: 'Εμπειρία μάρκας {experience}',
    below: 'Σημαντικά κάτω από τη μάρκα',
    above: 'Σημαντικά πάνω από τη μάρκα',
    inLine: 'Σύμφωνο με τη μάρκα (χωρίς σημαντική διαφορά)',
    drags: 'Τι το ρίχνει',
    watch: 'Αξίζει παρακολούθηση παρ’ όλα αυτά',
  },
  drivers: {
    painPoint: '{category} στο {value} των καταχωρίσεων (μάρκα {brand})',
    negativeSentiment: 'αρνητικό συναίσθημα {value} (μάρκα {brand})',
    lowStars: 'κατά μέσο όρο {value}★ (μάρκα {brand}★)',
    detractors: 'επικριτές {value} (μάρκα {brand})',
    suspicious: 'ύποπτες κριτικές {value} (μάρκα {brand})',
  },
  identity: {
    none: 'Καμία αναντιστοιχία (πεδία που συγκρίθηκαν: {fields}· σελίδες: {sources}).',
    summary: 'Αναντιστοιχίες: {count} (πεδία που συγκρίθηκαν: {fields}· σελίδες: {sources}).',
  },
  authenticity: {
    summary: 'Επισημάνθηκαν {flagged} από {analysed} αναλυμένες κριτικές ({share}).',
    with: 'Μέσος όρος με τις επισημασμένες',
    without: 'Μέσος όρος χωρίς αυτές',
    none: 'Καμία ύποπτη ομάδα ή έξαρση σε αυτή την περίοδο.',
  },
  alerts: { none: 'Καμία ειδοποίηση σε αυτή την περίοδο.' },
  noReviews: 'Καμία κριτική σε αυτή την περίοδο',
  itemsNote:
    'Τα αποσπάσματα και οι ομάδες προέρχονται από τις {limit} νεότερες καταχωρίσεις κάθε σημείου επαφής.',
  methods: [
    'TrustScore: ο δημόσιος τύπος του σήματος κατά την τελευταία ημέρα της περιόδου — μπεϋζιανός μέσος σταθμισμένος με την επικαιρότητα και τη γνησιότητα (docs/trust-score.md).',
    'Διαχωρισμός τύπου NPS: 5★ υποστηρικτές, 4★ παθητικοί, 1–3★ επικριτές· σε κλίμακα 0–10 αντιστοιχούν σε 9–10, 7–8 και 0–6. Οι πιθανώς ψευδείς κριτικές εξαιρούνται.',
    'Εμπειρία (1–5): οι κριτικές μετρούν με τα αστέρια τους, οι αναφορές με το συναίσθημα του κειμένου στην κλίμακα 1–5.',
    'Δείκτης συνέπειας: 100 × (1 − D/2), όπου D η μέση απόσταση σε αστέρια μεταξύ της εμπειρίας κάθε σημείου επαφής (συρρικνωμένης προς της μάρκας με 10 ψευδο-καταχωρίσεις) και της μάρκας. Ένα σημείο θεωρείται σημαντικά διαφορετικό μόνο όταν p < 0,05 (t-test για αστέρια ή τεστ δύο αναλογιών για αρνητικά, με διόρθωση Holm) και η διαφορά είναι τουλάχιστον 0,3★ ή 10 μονάδες.',
    'Καθαρό συναίσθημα: μερίδιο θετικών μείον μερίδιο αρνητικών καταχωρίσεων, × 100.',
  ],
  fields: {
    name: 'Όνομα',
    telephone: 'Τηλέφωνο',
    address: 'Διεύθυνση',
    openingHours: 'Ώρες λειτουργίας',
    website: 'Ιστότοπος',
    claims: 'Δηλώσεις',
  },
  clusterKinds: {
    burst: 'Έξαρση',
    duplicates: 'Σχεδόν ίδια κείμενα',
    author: 'Ένας συντάκτης, ίδια μέρα',
    other: 'Άλλο',
  },
  rules: {
    'negative-spike': 'Άνοδος αρνητικού συναισθήματος',
    'suspicious-burst': 'Έξαρση ύποπτων κριτικών',
    'trustscore-drop': 'Πτώση TrustScore',
    'identity-mismatch': 'Νέα αναντιστοιχία ταυτότητας',
    'source-failing': 'Η πηγή αποτυγχάνει συνεχώς',
  },
  ruleSummaries: {
    'negative-spike':
      '{negative} από {items} καταχωρίσεις αρνητικές σε 24 ώρες ({rate})· βάση {baselineRate} + {sigmas}σ = {threshold}',
    'suspicious-burst':
      '{flagged} επισημασμένες κριτικές σε 24 ώρες· βάση {baselinePerDay}/ημέρα + {sigmas}σ = {threshold}',
    'trustscore-drop': 'TrustScore {score}, {drop} κάτω από το καλύτερο των τελευταίων 7 ημερών ({best})',
    'identity-mismatch': 'Νέες αναντιστοιχίες μεταξύ σελίδων και προφίλ: {count}',
    'source-failing': 'Η πηγή {source} απέτυχε {failures} φορές στη σειρά',
  },
  pain: {
    interaction: 'Προσωπικό και υποστήριξη',
    reliability: 'Αξιοπιστία',
    payment: 'Πληρωμές και επιστροφές',
    feature: 'Λειτουργίες προϊόντος',
    delivery: 'Παράδοση',
    price: 'Τιμή και αξία',
  },
  stages: {
    awareness: 'Επίγνωση',
    consideration: 'Εξέταση',
    purchase: 'Αγορά',
    delivery: 'Παράδοση',
    use: 'Χρήση',
    'after-sales': 'Μετά την πώληση',
  },
  channels: {
    website: 'Ιστότοπος',
    'search-listing': 'Καταχώριση αναζήτησης',
    'review-site': 'Ιστότοπος κριτικών',
    'app-store': 'Κατάστημα εφαρμογών',
    social: 'Κοινωνικά δίκτυα',
    'forum-news': 'Φόρουμ και ειδήσεις',
    support: 'Υποστήριξη',
    store: 'Κατάστημα',
    delivery: 'Παράδοση',
    email: 'Email',
  },
  email: {
    subject: '{brand}: αναφορά φήμης {from} – {to}',
    intro: 'Η αναφορά φήμης για {brand} είναι έτοιμη.',
    open: 'Άνοιγμα αναφοράς',
    csv: 'Λήψη στοιχείων (CSV)',
  },
};

const de: Messages = {
  title: 'Reputationsbericht',
  period: '{from} – {to}, verglichen mit {previousFrom} – {previousTo}',
  generated: 'Erstellt am {date}',
  kpi: {
    trustScore: 'TrustScore',
    reviews: 'Bewertungen',
    netSentiment: 'Netto-Stimmung',
    nps: 'NPS-ähnlicher Wert',
    experience: 'Erlebnis (1–5)',
    consistency: 'Konsistenzindex',
    suspicious: 'Verdächtige Bewertungen',
    vsPrevious: 'ggü. Vorperiode',
  },
  attention: {
    title: 'Was Aufmerksamkeit braucht',
    weakest:
      '{touchpoint} ist der schwächste Kontaktpunkt: Erlebnis {experience} gegenüber {baseline} der Marke{drivers}.',
    allInLine: 'Kein Kontaktpunkt liegt signifikant unter der Marke.',
    mismatches: 'Identitätsabweichungen: {count}. Seiten zeigen die Marke anders als ihr Profil.',
    noMismatch: 'Jede geprüfte Seite zeigt die Marke wie ihr Profil.',
    alerts: 'Warnungen in diesem Zeitraum: {count}.',
    clusters:
      'Cluster verdächtiger Bewertungen: {clusters} (Bewertungen: {flagged}); Durchschnitt ohne sie {without}★, mit ihnen {with}★.',
    topPain: 'Größtes Problem: {category} ({share} der Beiträge).',
  },
  charts: {
    trend: 'TrustScore, letzte 12 Wochen',
    sentiment: 'Stimmung nach Kontaktpunkt',
    heatmap: 'Probleme nach Kontaktpunkt (Anteil der Beiträge)',
    journey: 'Emotionen entlang der Customer Journey',
    noData: 'Keine Daten',
  },
  sentiment: { positive: 'Positiv', neutral: 'Neutral', negative: 'Negativ', mixed: 'Gemischt' },
  columns: {
    touchpoint: 'Kontaktpunkt',
    stage: 'Phase',
    channel: 'Kanal',
    volume: 'Beiträge',
    trustScore: 'TrustScore',
    stars: 'Sterne',
    netSentiment: 'Netto-Stimmung',
    nps: 'NPS-ähnlich',
    experience: 'Erlebnis',
    suspicious: 'Verdächtig',
    change: 'Änderung',
    field: 'Feld',
    profile: 'Profil',
    seen: 'Seite',
    where: 'Wo',
    detail: 'Unterschied',
    kind: 'Art',
    window: 'Zeitfenster',
    reviews: 'Bewertungen',
    evidence: 'Belege',
    raised: 'Ausgelöst',
    alert: 'Warnung',
  },
  sections: {
    touchpoints: 'Kontaktpunkte',
    consistency: 'Erlebniskonsistenz, schwächste zuerst',
    identity: 'Identitätskonsistenz',
    authenticity: 'Echtheit',
    alerts: 'Warnungen',
    painPoints: 'Größte Probleme',
    verbatims: 'Was Kunden sagen',
    methods: 'Wie diese Zahlen entstehen',
  },
  consistency: {
    index: 'Konsistenzindex {index}/100',
    baseline: 'Markenerlebnis {experience}',
    below: 'Signifikant unter der Marke',
    above: 'Signifikant über der Marke',
    inLine: 'Im Einklang mit der Marke (kein signifikanter Unterschied)',
    drags: 'Was es nach unten zieht',
    watch: 'Trotzdem im Auge behalten',
  },
  drivers: {
    painPoint: '{category} in {value} der Beiträge (Marke {brand})',
    negativeSentiment: 'negative Stimmung {value} (Marke {brand})',
    lowStars: 'im Schnitt {value}★ (Marke {brand}★)',
    detractors: 'Kritiker {value} (Marke {brand})',
    suspicious: 'verdächtige Bewertungen {value} (Marke {brand})',
  },
  identity: {
    none: 'Keine Abweichung (verglichene Felder: {fields}; geprüfte Seiten: {sources}).',
    summary: 'Abweichungen: {count} (verglichene Felder: {fields}; geprüfte Seiten: {sources}).',
  },
  authenticity: {
    summary: '{flagged} von {analysed} analysierten Bewertungen markiert ({share}).',
    with: 'Durchschnitt mit markierten Bewertungen',
    without: 'Durchschnitt ohne sie',
    none: 'Keine verdächtigen Cluster oder Häufungen in diesem Zeitraum.',
  },
  alerts: { none: 'Keine Warnung in diesem Zeitraum.' },
  noReviews: 'Keine Bewertungen in diesem Zeitraum',
  itemsNote: 'Zitate und Cluster stammen aus den {limit} neuesten Beiträgen je Kontaktpunkt im Zeitraum.',
  methods: [
    'TrustScore: die öffentliche Badge-Formel zum letzten Tag des Zeitraums — ein bayesscher Mittelwert, gewichtet nach Aktualität und Echtheit (docs/trust-score.md).',
    'NPS-ähnliche Aufteilung: 5★ Promotoren, 4★ Passive, 1–3★ Kritiker; auf einer 0–10-Skala entspricht das 9–10, 7–8 und 0–6. Wahrscheinlich gefälschte Bewertungen bleiben außen vor.',
    'Erlebnis (1–5): Bewertungen zählen mit ihren Sternen, Erwähnungen mit der Textstimmung, auf 1–5 abgebildet.',
    'Konsistenzindex: 100 × (1 − D/2), D der durchschnittliche Abstand in Sternen zwischen dem Erlebnis jedes Kontaktpunkts (mit 10 Pseudo-Beiträgen zur Marke hin geschrumpft) und dem der Marke. Ein Kontaktpunkt gilt nur bei p < 0,05 (t-Test der Sterne oder Zwei-Anteile-Test der negativen Beiträge, Holm-korrigiert) und einem Abstand von mindestens 0,3★ bzw. 10 Punkten als signifikant anders.',
    'Netto-Stimmung: Anteil positiver minus Anteil negativer Beiträge, × 100.',
  ],
  fields: {
    name: 'Name',
    telephone: 'Telefon',
    address: 'Adresse',
    openingHours: 'Öffnungszeiten',
    website: 'Website',
    claims: 'Versprechen',
  },
  clusterKinds: {
    burst: 'Häufung',
    duplicates: 'Nahezu gleiche Texte',
    author: 'Ein Autor, ein Tag',
    other: 'Sonstiges',
  },
  rules: {
    'negative-spike': 'Anstieg negativer Stimmung',
    'suspicious-burst': 'Häufung verdächtiger Bewertungen',
    'trustscore-drop': 'TrustScore-Rückgang',
    'identity-mismatch': 'Neue Identitätsabweichung',
    'source-failing': 'Quelle scheitert wiederholt',
  },
  ruleSummaries: {
    'negative-spike':
      '{negative} von {items} Beiträgen negativ in 24 Stunden ({rate}); Basis {baselineRate} + {sigmas}σ = {threshold}',
    'suspicious-burst':
      '{flagged} markierte Bewertungen in 24 Stunden; Basis {baselinePerDay}/Tag + {sigmas}σ = {threshold}',
    'trustscore-drop': 'TrustScore {score}, {drop} unter dem Bestwert der letzten 7 Tage ({best})',
    'identity-mismatch': 'Neue Abweichungen zwischen Seiten und Profil: {count}',
    'source-failing': 'Quelle {source} ist {failures}-mal in Folge gescheitert',
  },
  pain: {
    interaction: 'Personal & Support',
    reliability: 'Zuverlässigkeit',
    payment: 'Zahlung & Erstattung',
    feature: 'Produktfunktionen',
    delivery: 'Lieferung',
    price: 'Preis & Leistung',
  },
  stages: {
    awareness: 'Aufmerksamkeit',
    consideration: 'Abwägung',
    purchase: 'Kauf',
    delivery: 'Lieferung',
    use: 'Nutzung',
    'after-sales': 'After-Sales',
  },
  channels: {
    website: 'Website',
    'search-listing': 'Sucheintrag',
    'review-site': 'Bewertungsportal',
    'app-store': 'App-Store',
    social: 'Soziale Medien',
    'forum-news': 'Foren & News',
    support: 'Kundenservice',
    store: 'Filiale',
    delivery: 'Lieferung',
    email: 'E-Mail',
  },
  email: {
    subject: '{brand}: Reputationsbericht {from} – {to}',
    intro: 'Ihr Reputationsbericht für {brand} ist fertig.',
    open: 'Bericht öffnen',
    csv: 'Zahlen herunterladen (CSV)',
  },
};

const fr: Messages = {
  title: 'Rapport de réputation',
  period: '{from} – {to}, comparé à {previousFrom} – {previousTo}',
  generated: 'Généré le {date}',
  kpi: {
    trustScore: 'TrustScore',
    reviews: 'Avis',
    netSentiment: 'Sentiment net',
    nps: 'Score de type NPS',
    experience: 'Expérience (1–5)',
    consistency: 'Indice de cohérence',
    suspicious: 'Avis suspects',
    vsPrevious: 'vs période précédente',
  },
  attention: {
    title: 'Points d’attention',
    weakest:
      '{touchpoint} est le point de contact le plus faible : expérience {experience} contre {baseline} pour la marque{drivers}.',
    allInLine: 'Aucun point de contact n’est nettement en dessous de la marque.',
    mismatches: 'Incohérences d’identité : {count}. Des pages présentent la marque autrement que son profil.',
    noMismatch: 'Chaque page vérifiée présente la marque comme son profil.',
    alerts: 'Alertes sur la période : {count}.',
    clusters:
      'Groupes d’avis suspects : {clusters} (avis : {flagged}) ; moyenne sans eux {without}★, avec eux {with}★.',
    topPain: 'Premier irritant : {category} ({share} des contenus).',
  },
  charts: {
    trend: 'TrustScore, 12 dernières semaines',
    sentiment: 'Sentiment par point de contact',
    heatmap: 'Irritants par point de contact (part des contenus)',
    journey: 'Émotions le long du parcours client',
    noData: 'Pas de données',
  },
  sentiment: { positive: 'Positif', neutral: 'Neutre', negative: 'Négatif', mixed: 'Mitigé' },
  columns: {
    touchpoint: 'Point de contact',
    stage: 'Étape',
    channel: 'Canal',
    volume: 'Contenus',
    trustScore: 'TrustScore',
    stars: 'Étoiles',
    netSentiment: 'Sentiment net',
    nps: 'Type NPS',
    experience: 'Expérience',
    suspicious: 'Suspects',
    change: 'Évolution',
    field: 'Champ',
    profile: 'Profil',
    seen: 'Page',
    where: 'Où',
    detail: 'Différence',
    kind: 'Type',
    window: 'Période',
    reviews: 'Avis',
    evidence: 'Éléments',
    raised: 'Émise',
    alert: 'Alerte',
  },
  sections: {
    touchpoints: 'Points de contact',
    consistency: 'Cohérence de l’expérience, les plus faibles d’abord',
    identity: 'Cohérence de l’identité',
    authenticity: 'Authenticité',
    alerts: 'Alertes',
    painPoints: 'Principaux irritants',
    verbatims: 'Ce que disent les clients',
    methods: 'Comment ces chiffres sont obtenus',
  },
  consistency: {
    index: 'Indice de cohérence {index}/100',
    baseline: 'Expérience de la marque {experience}',
    below: 'Nettement en dessous de la marque',
    above: 'Nettement au-dessus de la marque',
    inLine: 'Conforme à la marque (pas d’écart significatif)',
    drags: 'Ce qui le tire vers le bas',
    watch: 'À surveiller malgré tout',
  },
  drivers: {
    painPoint: '{category} dans {value} des contenus (marque {brand})',
    negativeSentiment: 'sentiment négatif {value} (marque {brand})',
    lowStars: '{value}★ en moyenne (marque {brand}★)',
    detractors: 'détracteurs {value} (marque {brand})',
    suspicious: 'avis suspects {value} (marque {brand})',
  },
  identity: {
    none: 'Aucune incohérence (champs comparés : {fields} ; pages vérifiées : {sources}).',
    summary: 'Incohérences : {count} (champs comparés : {fields} ; pages vérifiées : {sources}).',
  },
  authenticity: {
    summary: '{flagged} avis signalés sur {analysed} analysés ({share}).',
    with: 'Moyenne avec les avis signalés',
    without: 'Moyenne sans eux',
    none: 'Aucun groupe suspect ni pic sur la période.',
  },
  alerts: { none: 'Aucune alerte sur la période.' },
  noReviews: 'Aucun avis sur la période',
  itemsNote:
    'Les verbatims et les groupes viennent des {limit} contenus les plus récents de chaque point de contact.',
  methods: [
    'TrustScore : la formule publique du badge au dernier jour de la période — une moyenne bayésienne pondérée par la récence et l’authenticité (docs/trust-score.md).',
    'Répartition de type NPS : 5★ promoteurs, 4★ passifs, 1–3★ détracteurs ; sur une échelle 0–10, 9–10, 7–8 et 0–6. Les avis probablement faux sont exclus.',
    'Expérience (1–5) : les avis comptent pour leurs étoiles, les mentions pour le sentiment du texte ramené sur 1–5.',
    'Indice de cohérence : 100 × (1 − D/2), D l’écart moyen en étoiles entre l’expérience de chaque point de contact (rapprochée de celle de la marque par 10 pseudo-contenus) et celle de la marque. Un point de contact n’est dit différent que si p < 0,05 (test t sur les étoiles ou test de deux proportions sur les négatifs, correction de Holm) et l’écart atteint 0,3★ ou 10 points.',
    'Sentiment net : part de contenus positifs moins part de négatifs, × 100.',
  ],
  fields: {
    name: 'Nom',
    telephone: 'Téléphone',
    address: 'Adresse',
    openingHours: 'Horaires',
    website: 'Site web',
    claims: 'Promesses',
  },
  clusterKinds: {
    burst: 'Pic',
    duplicates: 'Textes quasi identiques',
    author: 'Un auteur, un jour',
    other: 'Autre',
  },
  rules: {
    'negative-spike': 'Pic de sentiment négatif',
    'suspicious-burst': 'Pic d’avis suspects',
    'trustscore-drop': 'Baisse du TrustScore',
    'identity-mismatch': 'Nouvelle incohérence d’identité',
    'source-failing': 'Source en échec répété',
  },
  ruleSummaries: {
    'negative-spike':
      '{negative} contenus négatifs sur {items} en 24 heures ({rate}) ; base {baselineRate} + {sigmas}σ = {threshold}',
    'suspicious-burst':
      '{flagged} avis signalés en 24 heures ; base {baselinePerDay}/jour + {sigmas}σ = {threshold}',
    'trustscore-drop': 'TrustScore {score}, {drop} sous son meilleur niveau des 7 derniers jours ({best})',
    'identity-mismatch': 'Nouvelles incohérences entre les pages et le profil : {count}',
    'source-failing': 'La source {source} a échoué {failures} fois de suite',
  },
  pain: {
    interaction: 'Personnel et support',
    reliability: 'Fiabilité',
    payment: 'Paiement et remboursement',
    feature: 'Fonctionnalités',
    delivery: 'Livraison',
    price: 'Prix et valeur',
  },
  stages: {
    awareness: 'Découverte',
    consideration: 'Considération',
    purchase: 'Achat',
    delivery: 'Livraison',
    use: 'Usage',
    'after-sales': 'Après-vente',
  },
  channels: {
    website: 'Site web',
    'search-listing': 'Fiche de recherche',
    'review-site': 'Site d’avis',
    'app-store': 'Boutique d’applications',
    social: 'Réseaux sociaux',
    'forum-news': 'Forums et presse',
    support: 'Service client',
    store: 'Magasin',
    delivery: 'Livraison',
    email: 'E-mail',
  },
  email: {
    subject: '{brand} : rapport de réputation {from} – {to}',
    intro: 'Votre rapport de réputation pour {brand} est prêt.',
    open: 'Ouvrir le rapport',
    csv: 'Télécharger les chiffres (CSV)',
  },
};

const es: Messages = {
  title: 'Informe de reputación',
  period: '{from} – {to}, frente a {previousFrom} – {previousTo}',
  generated: 'Generado el {date}',
  kpi: {
    trustScore: 'TrustScore',
    reviews: 'Reseñas',
    netSentiment: 'Sentimiento neto',
    nps: 'Puntuación tipo NPS',
    experience: 'Experiencia (1–5)',
    consistency: 'Índice de coherencia',
    suspicious: 'Reseñas sospechosas',
    vsPrevious: 'frente al periodo anterior',
  },
  attention: {
    title: 'Qué requiere atención',
    weakest:
      '{touchpoint} es el punto de contacto más débil: experiencia {experience} frente a {baseline} de la marca{drivers}.',
    allInLine: 'Ningún punto de contacto está significativamente por debajo de la marca.',
    mismatches:
      'Discrepancias de identidad: {count}. Hay páginas que muestran la marca de otra forma que su perfil.',
    noMismatch: 'Todas las páginas revisadas muestran la marca como su perfil.',
    alerts: 'Alertas en este periodo: {count}.',
    clusters:
      'Grupos de reseñas sospechosas: {clusters} (reseñas: {flagged}); media sin ellas {without}★, con ellas {with}★.',
    topPain: 'Principal problema: {category} ({share} de los elementos).',
  },
  charts: {
    trend: 'TrustScore, últimas 12 semanas',
    sentiment: 'Sentimiento por punto de contacto',
    heatmap: 'Problemas por punto de contacto (proporción de elementos)',
    journey: 'Emociones a lo largo del recorrido del cliente',
    noData: 'Sin datos',
  },
  sentiment: { positive: 'Positivo', neutral: 'Neutro', negative: 'Negativo', mixed: 'Mixto' },
  columns: {
    touchpoint: 'Punto de contacto',
    stage: 'Etapa',
    channel: 'Canal',
    volume: 'Elementos',
    trustScore: 'TrustScore',
    stars: 'Estrellas',
    netSentiment: 'Sentimiento neto',
    nps: 'Tipo NPS',
    experience: 'Experiencia',
    suspicious: 'Sospechosas',
    change: 'Cambio',
    field: 'Campo',
    profile: 'Perfil',
    seen: 'Página',
    where: 'Dónde',
    detail: 'Diferencia',
    kind: 'Tipo',
    window: 'Intervalo',
    reviews: 'Reseñas',
    evidence: 'Pruebas',
    raised: 'Emitida',
    alert: 'Alerta',
  },
  sections: {
    touchpoints: 'Puntos de contacto',
    consistency: 'Coherencia de la experiencia, los más débiles primero',
    identity: 'Coherencia de identidad',
    authenticity: 'Autenticidad',
    alerts: 'Alertas',
    painPoints: 'Principales problemas',
    verbatims: 'Lo que dicen los clientes',
    methods: 'Cómo se calculan estas cifras',
  },
  consistency: {
    index: 'Índice de coherencia {index}/100',
    baseline: 'Experiencia de la marca {experience}',
    below: 'Significativamente por debajo de la marca',
    above: 'Significativamente por encima de la marca',
    inLine: 'En línea con la marca (sin diferencia significativa)',
    drags: 'Qué lo lastra',
    watch: 'A vigilar de todos modos',
  },
  drivers: {
    painPoint: '{category} en el {value} de los elementos (marca {brand})',
    negativeSentiment: 'sentimiento negativo {value} (marca {brand})',
    lowStars: '{value}★ de media (marca {brand}★)',
    detractors: 'detractores {value} (marca {brand})',
    suspicious: 'reseñas sospechosas {value} (marca {brand})',
  },
  identity: {
    none: 'Sin discrepancias (campos comparados: {fields}; páginas revisadas: {sources}).',
    summary: 'Discrepancias: {count} (campos comparados: {fields}; páginas revisadas: {sources}).',
  },
  authenticity: {
    summary: '{flagged} de {analysed} reseñas analizadas marcadas ({share}).',
    with: 'Media con las reseñas marcadas',
    without: 'Media sin ellas',
    none: 'Ningún grupo sospechoso ni pico en este periodo.',
  },
  alerts: { none: 'Ninguna alerta en este periodo.' },
  noReviews: 'Sin reseñas en este periodo',
  itemsNote:
    'Las citas y los grupos proceden de los {limit} elementos más recientes de cada punto de contacto.',
  methods: [
    'TrustScore: la fórmula pública de la insignia al último día del periodo — una media bayesiana ponderada por actualidad y autenticidad (docs/trust-score.md).',
    'Reparto tipo NPS: 5★ promotores, 4★ pasivos, 1–3★ detractores; en una escala 0–10 son 9–10, 7–8 y 0–6. Las reseñas probablemente falsas se excluyen.',
    'Experiencia (1–5): las reseñas cuentan por sus estrellas, las menciones por el sentimiento del texto llevado a 1–5.',
    'Índice de coherencia: 100 × (1 − D/2), con D la distancia media en estrellas entre la experiencia de cada punto de contacto (acercada a la de la marca con 10 pseudo-elementos) y la de la marca. Un punto solo se considera distinto si p < 0,05 (prueba t de estrellas o prueba de dos proporciones de negativos, corrección de Holm) y la diferencia es de al menos 0,3★ o 10 puntos.',
    'Sentimiento neto: proporción de elementos positivos menos la de negativos, × 100.',
  ],
  fields: {
    name: 'Nombre',
    telephone: 'Teléfono',
    address: 'Dirección',
    openingHours: 'Horario',
    website: 'Sitio web',
    claims: 'Promesas',
  },
  clusterKinds: {
    burst: 'Pico',
    duplicates: 'Textos casi idénticos',
    author: 'Un autor, el mismo día',
    other: 'Otro',
  },
  rules: {
    'negative-spike': 'Pico de sentimiento negativo',
    'suspicious-burst': 'Pico de reseñas sospechosas',
    'trustscore-drop': 'Caída del TrustScore',
    'identity-mismatch': 'Nueva discrepancia de identidad',
    'source-failing': 'Fuente que falla una y otra vez',
  },
  ruleSummaries: {
    'negative-spike':
      '{negative} de {items} elementos negativos en 24 horas ({rate}); base {baselineRate} + {sigmas}σ = {threshold}',
    'suspicious-burst':
      '{flagged} reseñas marcadas en 24 horas; base {baselinePerDay}/día + {sigmas}σ = {threshold}',
    'trustscore-drop':
      'TrustScore {score}, {drop} por debajo de su mejor valor de los últimos 7 días ({best})',
    'identity-mismatch': 'Nuevas discrepancias entre páginas y perfil: {count}',
    'source-failing': 'La fuente {source} falló {failures} veces seguidas',
  },
  pain: {
    interaction: 'Personal y soporte',
    reliability: 'Fiabilidad',
    payment: 'Pagos y reembolsos',
    feature: 'Funciones del producto',
    delivery: 'Entrega',
    price: 'Precio y valor',
  },
  stages: {
    awareness: 'Conocimiento',
    consideration: 'Consideración',
    purchase: 'Compra',
    delivery: 'Entrega',
    use: 'Uso',
    'after-sales': 'Posventa',
  },
  channels: {
    website: 'Sitio web',
    'search-listing': 'Ficha en buscadores',
    'review-site': 'Web de reseñas',
    'app-store': 'Tienda de aplicaciones',
    social: 'Redes sociales',
    'forum-news': 'Foros y noticias',
    support: 'Atención al cliente',
    store: 'Tienda física',
    delivery: 'Entrega',
    email: 'Correo electrónico',
  },
  email: {
    subject: '{brand}: informe de reputación {from} – {to}',
    intro: 'Su informe de reputación de {brand} está listo.',
    open: 'Abrir el informe',
    csv: 'Descargar las cifras (CSV)',
  },
};

export const MESSAGES: Record<ReportLanguage, Messages> = { en, pl, sl, el, de, fr, es };

/** Fills `{name}` placeholders with plain-text values; an unknown name stays visible rather than vanishing. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
