/** The `touchstone` command, run from source (npm run touchstone) or from the ES module bundle. */
import { main } from './main.ts';
import { guardProcess } from './process.ts';

guardProcess();
process.exitCode = await main(process.argv.slice(2));
