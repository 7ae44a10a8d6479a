import type { PainCategory, Stage } from '#lib/domain/model.ts';

/**
 * Built-in pain-point taxonomy: keyword stems per category and language. A
 * stem matches the start of a word, so inflected forms (Polish, Slovenian,
 * Greek) are caught. Topic stems ("delivery") count only in a negative clause;
 * complaint stems ("late", "broken") count on their own.
 */
export interface CategoryTerms {
  topic: string[];
  complaint: string[];
}

export const DEFAULT_STAGE: Record<PainCategory, Stage> = {
  interaction: 'after-sales',
  reliability: 'use',
  payment: 'purchase',
  feature: 'use',
  delivery: 'delivery',
  price: 'consideration',
};

const t = (topic: string, complaint: string): CategoryTerms => ({
  topic: topic
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  complaint: complaint
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
});

export const TAXONOMY: Record<string, Record<PainCategory, CategoryTerms>> = {
  en: {
    interaction: t(
      'staff,support,customer service,agent,waiter,waitress,manager,employee,helpline,call centre,call center,reception',
      'rude,unhelpful,ignored,no response,never replied,on hold,kept waiting,misinformed,lied,impolite,hung up',
    ),
    reliability: t(
      'app,website,system,connection,battery,update,login',
      "crash,bug,buggy,broke,broken,stopped working,not working,doesn't work,does not work,freezes,freezing,frozen,slow,lag,laggy,glitch,incompatible,error,fail,failed,failure,defect,defective,faulty",
    ),
    payment: t(
      'payment,checkout,billing,invoice,card,refund,charge',
      'charged twice,double charged,overcharged,overcharging,refund never,no refund,hidden fee,unauthorised,unauthorized,fraud,declined,billing error',
    ),
    feature: t(
      'feature,function,option,setting',
      "not as described,not as advertised,doesn't do,does not do,missing feature,no option,cannot,can't even,false advertis,misleading",
    ),
    delivery: t(
      'delivery,shipping,courier,parcel,package,shipment,tracking,order',
      'late,delayed,never arrived,never received,damaged,lost,wrong item,not delivered',
    ),
    price: t(
      'price,cost,fee,subscription',
      'overpriced,too expensive,expensive,rip-off,ripoff,rip off,not worth,waste of money,price increase',
    ),
  },
  pl: {
    interaction: t(
      'obsług,konsultant,infolinia,personel,pracowni,sprzedaw',
      'niemił,chamsk,nieuprzejm,brak odpowiedzi,nie odpowiada,czekałem,czekałam,zignorow,wprowadzi w błąd',
    ),
    reliability: t(
      'aplikacj,stron,system,logowani,aktualizacj',
      'nie działa,zawiesza,awari,błąd,błęd,zepsu,wolno,wolne,psuje,usterk',
    ),
    payment: t(
      'płatnoś,płatnic,faktur,karty,zwrot pieniędzy,rachun',
      'pobrano dwa razy,podwójn,nie zwrócono,oszust,ukryte opłat',
    ),
    feature: t('funkcj,opcj,ustawie', 'niezgodn z opisem,brakuje,nie ma opcji,wprowadzając w błąd'),
    delivery: t(
      'dostaw,przesył,kurier,paczk,zamówieni,wysyłk',
      'spóźni,opóźni,nie dotarł,uszkodz,zgubion,nie doszł',
    ),
    price: t('cen,koszt,opłat,abonament', 'za drogo,drogi,drogie,przepłac,nie warto,zdzierstwo'),
  },
  de: {
    interaction: t(
      'kundendienst,kundenservice,mitarbeiter,personal,hotline,support,verkäufer',
      'unfreundlich,unhöflich,keine antwort,nicht erreichbar,ignoriert,warteschleife,falsch informiert',
    ),
    reliability: t(
      'app,webseite,website,system,verbindung,update',
      'absturz,stürzt,abgestürzt,fehler,funktioniert nicht,kaputt,langsam,hängt,defekt',
    ),
    payment: t(
      'zahlung,bezahlung,rechnung,abbuchung,rückerstattung,kreditkarte',
      'doppelt abgebucht,keine rückerstattung,betrug,versteckte kosten',
    ),
    feature: t('funktion,option,einstellung', 'nicht wie beschrieben,fehlt,irreführend,kann nicht'),
    delivery: t(
      'lieferung,versand,paket,zusteller,bestellung,sendung',
      'verspätet,zu spät,nie angekommen,beschädigt,verloren,falsche artikel',
    ),
    price: t('preis,kosten,gebühr,abo', 'überteuert,zu teuer,teuer,nicht wert,abzocke'),
  },
  fr: {
    interaction: t(
      'service client,personnel,conseiller,vendeur,accueil,support',
      'impoli,désagréable,aucune réponse,pas de réponse,ignoré,attente,mal informé',
    ),
    reliability: t(
      'application,appli,site,système,connexion,mise à jour',
      'plante,bug,beug,erreur,ne fonctionne pas,en panne,lent,cassé,défectueux',
    ),
    payment: t(
      'paiement,facture,facturation,remboursement,carte bancaire,prélèvement',
      'débité deux fois,pas remboursé,jamais remboursé,arnaque,frais cachés',
    ),
    feature: t('fonction,fonctionnalité,option,réglage', 'pas conforme,ne correspond pas,manque,trompeur'),
    delivery: t(
      'livraison,colis,livreur,commande,expédition,suivi',
      'retard,en retard,jamais reçu,jamais arrivé,abîmé,endommagé,perdu',
    ),
    price: t('prix,coût,tarif,abonnement', 'trop cher,cher,hors de prix,ne vaut pas'),
  },
  es: {
    interaction: t(
      'atención al cliente,servicio al cliente,personal,empleado,vendedor,soporte',
      'grosero,maleducad,sin respuesta,no responden,ignorad,esperando,mal informad',
    ),
    reliability: t(
      'aplicación,app,web,sistema,conexión,actualización',
      'se cuelga,fallo,falla,error,no funciona,roto,lento,defectuoso',
    ),
    payment: t(
      'pago,factura,cobro,reembolso,tarjeta',
      'cobraron dos veces,doble cobro,sin reembolso,estafa,cargos ocultos',
    ),
    feature: t('función,funcionalidad,opción,ajuste', 'no es como se describe,no corresponde,falta,engañoso'),
    delivery: t(
      'entrega,envío,paquete,mensajero,pedido,repartidor',
      'retraso,tarde,nunca llegó,dañado,perdido,roto',
    ),
    price: t('precio,coste,costo,tarifa,suscripción', 'caro,demasiado caro,no vale la pena,sobreprecio'),
  },
  sl: {
    interaction: t(
      'osebje,prodajal,podpora,služba za stranke,zaposlen,klicni center',
      'nesramn,neprijazn,ni odgovor,brez odgovor,ignorira,čakal,napačno informira',
    ),
    reliability: t('aplikacij,spletn,sistem,povezav,posodobit', 'ne deluje,sesuva,napak,pokvar,počasn,zmrzn'),
    payment: t('plačil,račun,vračilo denarja,kartic', 'dvakrat bremen,ni vrnjen,prevar,skrit stroš'),
    feature: t('funkcij,možnost,nastavit', 'ne ustreza opisu,manjka,zavajajoč'),
    delivery: t('dostav,pošiljk,paket,kurir,naročil', 'zamuj,prepozn,ni prispel,poškodovan,izgubljen'),
    price: t('cen,strošek,naročnin', 'predrag,drago,ni vredn,oderušk'),
  },
  el: {
    interaction: t(
      'εξυπηρέτηση,προσωπικό,υπάλληλ,τηλεφωνικ,υποστήριξη',
      'αγεν,απαράδεκτ,καμία απάντηση,δεν απαντ,αγνό,περίμενα,παραπληροφόρ',
    ),
    reliability: t(
      'εφαρμογή,ιστοσελίδα,σύστημα,σύνδεση,ενημέρωση',
      'κολλάει,σφάλμα,δεν λειτουργεί,χάλασ,αργ,βλάβη',
    ),
    payment: t(
      'πληρωμ,χρέωσ,τιμολόγ,επιστροφή χρημάτων,κάρτα',
      'διπλή χρέωση,χρέωσαν δύο,δεν επέστρεψ,απάτη,κρυφές χρεώσεις',
    ),
    feature: t('λειτουργία,δυνατότητα,ρύθμιση', 'δεν αντιστοιχεί,λείπει,παραπλανητικ'),
    delivery: t(
      'παράδοσ,αποστολ,δέμα,κούριερ,παραγγελία',
      'καθυστέρ,δεν έφτασε,δεν παραδόθηκε,κατεστραμμένο,χάθηκε',
    ),
    price: t('τιμή,κόστος,συνδρομή', 'ακριβ,πανάκριβ,δεν αξίζει'),
  },
};

/** Words that move a pain point to a different journey stage than its category's default. */
export const STAGE_CUES: ReadonlyArray<{ stage: Stage; stems: string[] }> = [
  {
    stage: 'after-sales',
    stems: [
      'refund',
      'return',
      'warranty',
      'complaint',
      'reklamac',
      'zwrot',
      'rückerstattung',
      'rücksendung',
      'garantie',
      'remboursement',
      'retour',
      'reembolso',
      'devolución',
      'garantía',
      'vračil',
      'reklamacij',
      'επιστροφ',
      'εγγύησ',
    ],
  },
  {
    stage: 'purchase',
    stems: [
      'checkout',
      'ordering',
      'basket',
      'cart',
      'koszyk',
      'kasse',
      'warenkorb',
      'panier',
      'carrito',
      'košaric',
      'καλάθι',
    ],
  },
  {
    stage: 'consideration',
    stems: [
      'advert',
      'listing',
      'description',
      'ogłoszen',
      'opis',
      'anzeige',
      'beschreibung',
      'annonce',
      'anuncio',
      'descripción',
      'oglas',
      'περιγραφή',
    ],
  },
];
