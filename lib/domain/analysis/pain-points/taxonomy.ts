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
      "rude,unhelpful,ignored,no response,never replied,on hold,kept waiting,misinformed,lied,impolite,hung up,nobody answer,no one answer,nobody answers the phone,nobody picks up,no one picks up,nobody picked up,no one picked up,never answer,never pick up,never picked up,didn't answer,don't answer,doesn't answer,not answering,unanswered,no answer",
    ),
    reliability: t(
      'app,website,system,connection,battery,update,login,motor,engine,brakes',
      "crash,bug,buggy,broke,broken,stopped working,not working,doesn't work,does not work,freezes,freezing,frozen,slow,lag,laggy,glitch,incompatible,error,fail,failed,failure,defect,defective,faulty,squeak,squeaky,squeal,squealing,grinding,rattle,rattling,noisy,died after,died within,motor died,engine died,battery died,it died,dead motor,motor is dead,dead on arrival,stopped work,quit working",
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
      'late,delayed,never arrived,never received,damaged,lost,wrong item,not delivered,got lost,went missing,never came,arrived late,came late,arrived damaged,came damaged,crushed',
    ),
    price: t(
      'price,cost,fee,subscription',
      'overpriced,too expensive,expensive,rip-off,ripoff,rip off,not worth,waste of money,price increase',
    ),
  },
  pl: {
    interaction: t(
      'obsług,konsultant,infolinia,personel,pracowni,sprzedaw',
      'niemił,chamsk,nieuprzejm,brak odpowiedzi,nie odpowiada,czekałem,czekałam,zignorow,wprowadzi w błąd,nikt nie odbiera,nie odbierają,nie odbiera telefonu,nikt nie odpisuje,nie odpisują,nikt nie odpowiada,opryskliw,arogan',
    ),
    reliability: t(
      'aplikacj,stron,system,logowani,aktualizacj,silnik,hamulc,bateri,akumulator',
      'nie działa,zawiesza,awari,błąd,błęd,zepsu,wolno,wolne,psuje,usterk,przestał działać,przestała działać,przestało działać,przestały działać,piszcz,skrzypi,hałas,padł,padła,padło,nie włącza,rozpadł,pękł,pękła',
    ),
    payment: t(
      'płatnoś,płatnic,faktur,karty,zwrot pieniędzy,rachun',
      'pobrano dwa razy,podwójn,nie zwrócono,oszust,ukryte opłat,podwójnie obciąż,dwukrotnie obciąż,dwa razy pobra,nie oddali pieniędzy,nie zwrócili pieniędzy,płatność nie przeszła',
    ),
    feature: t('funkcj,opcj,ustawie', 'niezgodn z opisem,brakuje,nie ma opcji,wprowadzając w błąd'),
    delivery: t(
      'dostaw,przesył,kurier,paczk,zamówieni,wysyłk',
      'spóźni,opóźni,nie dotarł,uszkodz,zgubion,nie doszł,zaginęł,zaginion,zgubil,nie przyszł,zniszczon,rozbit,zgniecion,pognieciony,spóźnion,opóźnion',
    ),
    price: t(
      'cen,koszt,opłat,abonament',
      'za drogo,drogi,drogie,przepłac,nie warto,zdzierstwo,za drogi,za droga,zbyt drogi,zbyt droga,zbyt drogie,przepłacon',
    ),
  },
  de: {
    interaction: t(
      'kundendienst,kundenservice,mitarbeiter,personal,hotline,support,verkäufer',
      'unfreundlich,unhöflich,keine antwort,nicht erreichbar,ignoriert,warteschleife,falsch informiert,niemand geht ans telefon,geht keiner ans telefon,geht niemand ans telefon,niemand erreichbar,keiner erreichbar,niemand antwortet,antwortet niemand,pampig,patzig',
    ),
    reliability: t(
      'app,webseite,website,system,verbindung,update,motor,bremse,akku',
      'absturz,stürzt,abgestürzt,fehler,funktioniert nicht,kaputt,langsam,hängt,defekt,quietsch,klapper,rattert,ging kaputt,geht kaputt,ist kaputt,funktioniert nicht mehr,geht nicht mehr,motor ist tot,motor tot,ist tot,den geist aufgegeben,gebrochen',
    ),
    payment: t(
      'zahlung,bezahlung,rechnung,abbuchung,rückerstattung,kreditkarte',
      'doppelt abgebucht,keine rückerstattung,betrug,versteckte kosten,zweimal abgebucht,doppelt belastet,geld nicht zurück,geld nie zurück',
    ),
    feature: t('funktion,option,einstellung', 'nicht wie beschrieben,fehlt,irreführend,kann nicht'),
    delivery: t(
      'lieferung,versand,paket,zusteller,bestellung,sendung',
      'verspätet,zu spät,nie angekommen,beschädigt,verloren,falsche artikel,verloren gegangen,nicht angekommen,nie angekommen,kam zu spät,verspätung,beschädigt,zerdrückt,kaputt angekommen',
    ),
    price: t('preis,kosten,gebühr,abo', 'überteuert,zu teuer,teuer,nicht wert,abzocke'),
  },
  fr: {
    interaction: t(
      'service client,personnel,conseiller,vendeur,accueil,support',
      'impoli,désagréable,aucune réponse,pas de réponse,ignoré,attente,mal informé,personne ne répond,ne répondent pas,ne répond pas,ne répondent jamais,malpoli,grossier,grossière',
    ),
    reliability: t(
      'application,appli,site,système,connexion,mise à jour,moteur,frein,batterie',
      'plante,bug,beug,erreur,ne fonctionne pas,en panne,lent,cassé,défectueux,ne fonctionne plus,ne marche plus,ne marche pas,tombé en panne,tombée en panne,a lâché,grince,grincent,couine,couinent,bruyant,moteur mort,cassé,cassée',
    ),
    payment: t(
      'paiement,facture,facturation,remboursement,carte bancaire,prélèvement',
      'débité deux fois,pas remboursé,jamais remboursé,arnaque,frais cachés,prélevé deux fois,débitée deux fois,facturé deux fois,pas été remboursé',
    ),
    feature: t('fonction,fonctionnalité,option,réglage', 'pas conforme,ne correspond pas,manque,trompeur'),
    delivery: t(
      'livraison,colis,livreur,commande,expédition,suivi',
      'retard,en retard,jamais reçu,jamais arrivé,abîmé,endommagé,perdu,a été perdu,jamais livré,pas livré,arrivé cassé,arrivé en retard,écrasé',
    ),
    price: t('prix,coût,tarif,abonnement', 'trop cher,cher,hors de prix,ne vaut pas'),
  },
  es: {
    interaction: t(
      'atención al cliente,servicio al cliente,personal,empleado,vendedor,soporte',
      'grosero,maleducad,sin respuesta,no responden,ignorad,esperando,mal informad,nadie contesta,nadie responde,no contestan,no contesta,no cogen el teléfono,nadie coge el teléfono,borde,maleducad',
    ),
    reliability: t(
      'aplicación,app,web,sistema,conexión,actualización,motor,freno,batería',
      'se cuelga,fallo,falla,error,no funciona,roto,lento,defectuoso,dejó de funcionar,ha dejado de funcionar,ya no funciona,chirr,rechin,ruidoso,hace ruido,murió,se rompió,se ha roto,se estropeó,averiad',
    ),
    payment: t(
      'pago,factura,cobro,reembolso,tarjeta',
      'cobraron dos veces,doble cobro,sin reembolso,estafa,cargos ocultos,me cobraron doble,cobro doble,no me devolvieron el dinero,no devuelven el dinero',
    ),
    feature: t('función,funcionalidad,opción,ajuste', 'no es como se describe,no corresponde,falta,engañoso'),
    delivery: t(
      'entrega,envío,paquete,mensajero,pedido,repartidor',
      'retraso,tarde,nunca llegó,dañado,perdido,roto,se perdió,extraviad,nunca llegó,llegó tarde,con retraso,dañad,roto,rota',
    ),
    price: t('precio,coste,costo,tarifa,suscripción', 'caro,demasiado caro,no vale la pena,sobreprecio'),
  },
  sl: {
    interaction: t(
      'osebje,prodajal,podpora,služba za stranke,zaposlen,klicni center',
      'nesramn,neprijazn,ni odgovor,brez odgovor,ignorira,čakal,napačno informira,nihče se ne oglasi,se nihče ne oglasi,nihče ne oglasi,se ne oglasijo,se ne oglasi,nihče ne odgovori,ne odgovarjajo,ne odgovori,nevljudn,arogantn',
    ),
    reliability: t(
      'aplikacij,spletn,sistem,povezav,posodobit,motor,zavor,baterij',
      'ne deluje,sesuva,napak,pokvar,počasn,zmrzn,nehal delati,nehala delati,nehalo delati,ne dela več,ne dela,škrip,cvili,ropot,crknil,crknila,crknilo,zlomil,zlomljen,odpovedal',
    ),
    payment: t(
      'plačil,račun,vračilo denarja,kartic',
      'dvakrat bremen,ni vrnjen,prevar,skrit stroš,dvakrat zaračun,dvakrat bremenili,niso vrnili denarja,denarja niso vrnili',
    ),
    feature: t('funkcij,možnost,nastavit', 'ne ustreza opisu,manjka,zavajajoč'),
    delivery: t(
      'dostav,pošiljk,paket,kurir,naročil',
      'zamuj,prepozn,ni prispel,poškodovan,izgubljen,izgubil,izgubila,izgubilo,zamujal,zamud,ni prišel,ni prišla,ni dostavljen,uničen,razbit',
    ),
    price: t(
      'cen,strošek,naročnin',
      'predrag,drago,ni vredn,oderušk,predrag,predraga,predrago,previsoka cena,precenjen',
    ),
  },
  el: {
    interaction: t(
      'εξυπηρέτηση,προσωπικό,υπάλληλ,τηλεφωνικ,υποστήριξη',
      'αγεν,απαράδεκτ,καμία απάντηση,δεν απαντ,αγνό,περίμενα,παραπληροφόρ,κανείς δεν σηκώνει,δεν σηκώνουν,δεν σηκώνει το τηλέφωνο,κανείς δεν απαντά,αγενέστατ,απότομ,αγενής,αγενές',
    ),
    reliability: t(
      'εφαρμογή,ιστοσελίδα,σύστημα,σύνδεση,ενημέρωση,κινητήρ,φρέν,μπαταρί',
      'κολλάει,σφάλμα,δεν λειτουργεί,χάλασ,αργ,βλάβη,σταμάτησε να λειτουργεί,σταμάτησε να δουλεύει,δεν δουλεύει,δεν λειτουργεί πια,τρίζ,σφυρίζ,θόρυβ,πέθανε,νεκρ,έσπασε,σπασμέν,χαλασμέν',
    ),
    payment: t(
      'πληρωμ,χρέωσ,τιμολόγ,επιστροφή χρημάτων,κάρτα',
      'διπλή χρέωση,χρέωσαν δύο,δεν επέστρεψ,απάτη,κρυφές χρεώσεις,διπλή χρέωση,με χρέωσαν διπλά,χρέωσαν διπλά,δεν μου επέστρεψαν',
    ),
    feature: t('λειτουργία,δυνατότητα,ρύθμιση', 'δεν αντιστοιχεί,λείπει,παραπλανητικ'),
    delivery: t(
      'παράδοσ,αποστολ,δέμα,κούριερ,παραγγελία',
      'καθυστέρ,δεν έφτασε,δεν παραδόθηκε,κατεστραμμένο,χάθηκε,χάθηκε,χαμέν,άργησε,καθυστερημέν,σπασμένο,ταλαιπωρημένο',
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
