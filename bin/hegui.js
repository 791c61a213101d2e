#!/usr/bin/env node
// hegui command line (compiled from src/cli). Run `npm run build` after editing the sources.
import { main } from "../dist/src/cli/entry.js";
main(process.argv.slice(2));
