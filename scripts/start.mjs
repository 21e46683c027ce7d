#!/usr/bin/env node
// `npm start`: the built server, built again first only when the sources changed since the last
// build (`npm install` builds once, through `prepare`). Compiling on every start took 17-37 s on
// a 2-core machine; a start that needs no build answers /health in about 2 s.
import { build, buildIsStale } from './build-if-changed.mjs';

if (buildIsStale()) {
  process.stderr.write('undersigned: the sources changed since the last build; building (npm run build)…\n');
  build();
}
// The country index the build wrote is used only by the Node and packages that built it (a Node
// upgraded since reads lists slower, building it in every thread): written again if need be.
const countryIndex = await import('../dist/lib/country-index.js');
if (!countryIndex.indexFileFits()) countryIndex.writeIndexFile();
await import('../dist/server.js');
