import { describe, expect, it } from 'vitest';
import { detectPainPoints } from '#lib/domain/analysis/pain-points/detect.ts';
import type { PainCategory } from '#lib/domain/model.ts';

const categories = (text: string, language: string) =>
  detectPainPoints(text, language).map((p) => p.category);

/** [language, text, category it must show]: lost, late and damaged parcels; failures; staff; payment; price. */
const CASES: ReadonlyArray<readonly [string, string, PainCategory]> = [
  // Delivery: lost, late, damaged.
  ['en', 'The parcel got lost.', 'delivery'],
  ['en', 'My order arrived two weeks late.', 'delivery'],
  ['en', 'The box came damaged.', 'delivery'],
  ['pl', 'Paczka zaginęła.', 'delivery'],
  ['pl', 'Przesyłka się spóźniła o tydzień.', 'delivery'],
  ['pl', 'Towar przyszedł uszkodzony.', 'delivery'],
  ['sl', 'Paket se je izgubil.', 'delivery'],
  ['sl', 'Pošiljka je zamujala dva tedna.', 'delivery'],
  ['sl', 'Paket je prispel poškodovan.', 'delivery'],
  ['el', 'Το δέμα χάθηκε.', 'delivery'],
  ['el', 'Η παραγγελία καθυστέρησε πολύ.', 'delivery'],
  ['el', 'Το προϊόν ήρθε κατεστραμμένο.', 'delivery'],
  ['de', 'Das Paket ist verloren gegangen.', 'delivery'],
  ['de', 'Die Lieferung kam zu spät.', 'delivery'],
  ['de', 'Die Ware kam beschädigt an.', 'delivery'],
  ['fr', 'Le colis a été perdu.', 'delivery'],
  ['fr', 'La commande est arrivée en retard.', 'delivery'],
  ['fr', 'Le produit est arrivé abîmé.', 'delivery'],
  ['es', 'El paquete se perdió.', 'delivery'],
  ['es', 'El pedido llegó con retraso.', 'delivery'],
  ['es', 'La caja llegó dañada.', 'delivery'],
  // Reliability: broken, stopped working, squeaking brakes, a dead motor.
  ['en', 'It stopped working after a week.', 'reliability'],
  ['en', 'The brakes squeak constantly.', 'reliability'],
  ['en', 'The motor died after a month.', 'reliability'],
  ['pl', 'Po tygodniu przestał działać.', 'reliability'],
  ['pl', 'Hamulce piszczą.', 'reliability'],
  ['pl', 'Silnik padł po miesiącu.', 'reliability'],
  ['sl', 'Po tednu dni je nehal delati.', 'reliability'],
  ['sl', 'Zavore škripajo.', 'reliability'],
  ['sl', 'Motor je crknil po mesecu.', 'reliability'],
  ['el', 'Σταμάτησε να λειτουργεί μετά από μια εβδομάδα.', 'reliability'],
  ['el', 'Τα φρένα τρίζουν.', 'reliability'],
  ['el', 'Ο κινητήρας πέθανε μετά από ένα μήνα.', 'reliability'],
  ['de', 'Nach einer Woche ging es kaputt.', 'reliability'],
  ['de', 'Die Bremsen quietschen.', 'reliability'],
  ['de', 'Der Motor ist nach einem Monat tot.', 'reliability'],
  ['fr', 'Il ne fonctionne plus après une semaine.', 'reliability'],
  ['fr', 'Les freins grincent.', 'reliability'],
  ['fr', 'Le moteur a lâché après un mois.', 'reliability'],
  ['es', 'Dejó de funcionar a la semana.', 'reliability'],
  ['es', 'Los frenos chirrían.', 'reliability'],
  ['es', 'El motor murió al mes.', 'reliability'],
  // Interaction: nobody answers the phone, rude staff.
  ['en', 'Nobody answers the phone.', 'interaction'],
  ['en', 'The staff were rude.', 'interaction'],
  ['pl', 'Nikt nie odbiera telefonu.', 'interaction'],
  ['pl', 'Obsługa była niemiła.', 'interaction'],
  ['sl', 'Na telefonu se nihče ne oglasi.', 'interaction'],
  ['sl', 'Osebje je bilo nesramno.', 'interaction'],
  ['el', 'Κανείς δεν σηκώνει το τηλέφωνο.', 'interaction'],
  ['el', 'Το προσωπικό ήταν αγενές.', 'interaction'],
  ['de', 'Niemand geht ans Telefon.', 'interaction'],
  ['de', 'Das Personal war unfreundlich.', 'interaction'],
  ['fr', 'Personne ne répond au téléphone.', 'interaction'],
  ['fr', 'Le personnel était désagréable.', 'interaction'],
  ['es', 'Nadie contesta el teléfono.', 'interaction'],
  ['es', 'El personal fue grosero.', 'interaction'],
  // Payment and price.
  ['en', 'They charged me twice.', 'payment'],
  ['en', 'Way too expensive for what it is.', 'price'],
  ['pl', 'Pobrano dwa razy za to samo zamówienie.', 'payment'],
  ['pl', 'Za drogo jak na taką jakość.', 'price'],
  ['sl', 'Kartico so mi dvakrat bremenili.', 'payment'],
  ['sl', 'Izdelek je predrag.', 'price'],
  ['el', 'Μου έκαναν διπλή χρέωση.', 'payment'],
  ['el', 'Πανάκριβο για αυτό που είναι.', 'price'],
  ['de', 'Es wurde doppelt abgebucht.', 'payment'],
  ['de', 'Viel zu teuer.', 'price'],
  ['fr', 'On m’a débité deux fois.', 'payment'],
  ['fr', 'Beaucoup trop cher.', 'price'],
  ['es', 'Me cobraron dos veces.', 'payment'],
  ['es', 'Demasiado caro.', 'price'],
];

/** [language, text]: the same topics said happily, or not at all: no pain point. */
const CLEAN: ReadonlyArray<readonly [string, string]> = [
  ['en', 'Delivery was quick and the staff were lovely.'],
  ['pl', 'Szybka dostawa, miła obsługa.'],
  ['sl', 'Hitra dostava, prijazno osebje.'],
  ['el', 'Γρήγορη παράδοση, ευγενικό προσωπικό.'],
  ['de', 'Schnelle Lieferung, freundliches Personal.'],
  ['fr', 'Livraison rapide, personnel agréable.'],
  ['es', 'Entrega rápida, personal amable.'],
];

describe('pain-point phrases per language', () => {
  it.each(CASES)('%s: "%s" shows %s', (language, text, category) => {
    // Act
    const found = categories(text, language);
    // Assess
    expect(found).toContain(category);
  });

  it.each(CLEAN)('%s: "%s" shows none', (language, text) => {
    expect(categories(text, language)).toEqual([]);
  });

  it.each([
    ['en', 'The parcel got lost.'],
    ['pl', 'Paczka zaginęła.'],
    ['sl', 'Paket se je izgubil.'],
    ['el', 'Το δέμα χάθηκε.'],
  ])('%s: a lost parcel is delivery only, not interaction: "%s"', (language, text) => {
    expect(categories(text, language)).toEqual(['delivery']);
  });
});
