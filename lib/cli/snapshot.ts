/**
 * The entry of the `touchstone` start-up snapshot (lib/cli/build.mjs): loads
 * the engine and runs a few rows in several languages through it, so that
 * lexicons, matchers and compiled code are already in the heap that Node
 * restores, then hands over to the CLI. Restoring it takes a fraction of the
 * time that loading and warming the bundle does.
 */
import v8 from 'node:v8';
import { analyzeRow, languageOf } from '#lib/domain/analysis/analyze.ts';
import { scoreAll } from '#lib/domain/analysis/sentiment/local-engine.ts';
import { main } from './main.ts';
import { guardProcess } from './process.ts';

const WARM = [
  'Great stay, the staff were lovely, but the parcel came late and the box was broken.',
  'Paczka dotarła z tygodniowym opóźnieniem i była uszkodzona, nie polecam.',
  'Das Zimmer war schmutzig und laut, das Personal unfreundlich.',
  'Le colis est arrivé en retard et abîmé, je ne recommande pas.',
  'El paquete llegó tarde y roto, no lo recomiendo.',
  'Paket je prišel pozno in poškodovan, ne priporočam.',
  'Το δέμα έφτασε αργά και σπασμένο, δεν το συνιστώ.',
];
for (const [k, text] of WARM.entries()) {
  const input = { id: `warm-${k}`, text, rating: 1 + (k % 5), brand: 'warm-up' };
  const language = languageOf(input);
  const [sentiment] = scoreAll([{ text, language }]);
  if (sentiment !== undefined) analyzeRow(input, language, sentiment, { brandNames: ['Warm Up'] });
}

v8.startupSnapshot.setDeserializeMainFunction(() => {
  guardProcess();
  // Restored from a snapshot, argv has no script: the arguments start at index 1.
  main(process.argv.slice(1)).then((code) => {
    process.exitCode = code;
  });
});
