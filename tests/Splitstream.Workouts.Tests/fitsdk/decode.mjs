// The oracle: decodes a FIT file with Garmin's official SDK and prints what it read as JSON
// (usage: node decode.mjs <file.fit>). Positions stay in semicircles, times are epoch milliseconds.
import { readFileSync } from 'node:fs';
import { Decoder, Stream } from '@garmin/fitsdk';

const stream = Stream.fromByteArray(Array.from(readFileSync(process.argv[2])));
const decoder = new Decoder(stream);
const integrity = decoder.checkIntegrity();
const { messages, errors } = decoder.read();
const ms = (d) => (d instanceof Date ? d.getTime() : null);
const altitude = (r) => r.enhancedAltitude ?? r.altitude ?? null;
console.log(JSON.stringify({
  integrity,
  errors: errors.map((e) => String(e.message ?? e)),
  records: (messages.recordMesgs ?? []).map((r) => ({
    t: ms(r.timestamp), lat: r.positionLat ?? null, lon: r.positionLong ?? null, alt: altitude(r), hr: r.heartRate ?? null,
  })),
  laps: (messages.lapMesgs ?? []).map((l) => ({
    start: ms(l.startTime), end: ms(l.timestamp), elapsed: l.totalElapsedTime ?? null, distance: l.totalDistance ?? null,
  })),
  sessions: (messages.sessionMesgs ?? []).map((s) => ({ start: ms(s.startTime), sport: s.sport ?? null })),
  events: (messages.eventMesgs ?? []).map((e) => ({ t: ms(e.timestamp), event: e.event, type: e.eventType })),
}));
