// The oracle: decodes Google encoded polylines (precision 5) with Google's own codec and prints the points as JSON
// (usage: node decode.mjs <file>; the file holds one JSON array of polyline strings; out: one [[lat, lon], …] per string).
import { readFileSync } from 'node:fs';
import codec from '@googlemaps/polyline-codec';

const { decode } = codec;

const polylines = JSON.parse(readFileSync(process.argv[2], 'utf8'));
console.log(JSON.stringify(polylines.map((p) => decode(p, 5))));
