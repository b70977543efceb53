// Writes the FIT test cases with Garmin's official SDK (usage: node generate.mjs <dir>):
//   indoor.fit          records with heart rate and no positions (a treadmill run)
//   summary-first.fit   session and laps before the records
//   laps.fit            three device laps, a timer pause in the second
//   developer.fit       a developer field on every record (developer_data_id + field_description)
//   compressed.fit      compressed-timestamp headers. The SDK's encoder never writes them and its decoder (21.217)
//                       stops at them ("compressed timestamp messages are not currently supported"), so the bytes are
//                       laid out here by the protocol, the SDK checks the file's integrity (sizes, CRCs), and the
//                       records written are in compressed.expected.json for the test to compare with.
import { mkdirSync, writeFileSync } from 'node:fs';
import { CrcCalculator, Encoder, Profile, Utils } from '@garmin/fitsdk';

const dir = process.argv[2];
mkdirSync(dir, { recursive: true });
const start = Date.UTC(2026, 10, 2, 7, 30, 0);
const at = (s) => new Date(start + s * 1000);
const semicircles = (deg) => Math.round(deg * 2 ** 31 / 180);
const M = Profile.MesgNum;

function fileId(encoder) {
  encoder.onMesg(M.FILE_ID, { type: 'activity', manufacturer: 'development', product: 1, serialNumber: 1234, timeCreated: at(0) });
  encoder.onMesg(M.DEVICE_INFO, { timestamp: at(0), deviceIndex: 'creator', manufacturer: 'development', product: 1, softwareVersion: 1.5 });
}

function record(s, { position = true, dev } = {}) {
  const r = { timestamp: at(s), heartRate: 100 + (s % 60), altitude: 100 + s / 10, distance: s * 2.5 };
  if (position) {
    r.positionLat = semicircles(46.05 + s * 1e-5);
    r.positionLong = semicircles(14.5 + s * 2e-5);
  }
  if (dev !== undefined) {
    r.developerFields = { 0: dev };
  }
  return r;
}

function summary(encoder, n, sport, laps) {
  laps.forEach(([a, b], i) => encoder.onMesg(M.LAP, {
    messageIndex: i, timestamp: at(b), startTime: at(a), totalElapsedTime: b - a, totalTimerTime: b - a, totalDistance: (b - a) * 2.5,
    event: 'lap', eventType: 'stop', sport,
  }));
  encoder.onMesg(M.SESSION, {
    messageIndex: 0, timestamp: at(n), startTime: at(0), totalElapsedTime: n, totalTimerTime: n, totalDistance: n * 2.5,
    sport, subSport: sport === 'running' ? 'treadmill' : 'generic', event: 'session', eventType: 'stop', firstLapIndex: 0, numLaps: laps.length,
  });
  encoder.onMesg(M.ACTIVITY, { timestamp: at(n), totalTimerTime: n, numSessions: 1, type: 'manual', event: 'activity', eventType: 'stop' });
}

function write(name, build) {
  const encoder = new Encoder();
  build(encoder);
  writeFileSync(`${dir}/${name}`, encoder.close());
}

write('indoor.fit', (e) => {
  fileId(e);
  e.onMesg(M.EVENT, { timestamp: at(0), event: 'timer', eventType: 'start' });
  for (let s = 0; s < 600; s++) e.onMesg(M.RECORD, record(s, { position: false }));
  e.onMesg(M.EVENT, { timestamp: at(599), event: 'timer', eventType: 'stopAll' });
  summary(e, 599, 'running', [[0, 599]]);
});

write('summary-first.fit', (e) => {
  fileId(e);
  summary(e, 299, 'cycling', [[0, 299]]);
  e.onMesg(M.EVENT, { timestamp: at(0), event: 'timer', eventType: 'start' });
  for (let s = 0; s < 300; s++) e.onMesg(M.RECORD, record(s));
  e.onMesg(M.EVENT, { timestamp: at(299), event: 'timer', eventType: 'stopAll' });
});

write('laps.fit', (e) => {
  fileId(e);
  e.onMesg(M.EVENT, { timestamp: at(0), event: 'timer', eventType: 'start' });
  for (let s = 0; s < 900; s++) {
    if (s === 400) e.onMesg(M.EVENT, { timestamp: at(400), event: 'timer', eventType: 'stop' });
    if (s >= 400 && s < 460) continue; // paused for a minute
    if (s === 460) e.onMesg(M.EVENT, { timestamp: at(460), event: 'timer', eventType: 'start' });
    e.onMesg(M.RECORD, record(s));
  }
  e.onMesg(M.EVENT, { timestamp: at(899), event: 'timer', eventType: 'stopAll' });
  summary(e, 899, 'running', [[0, 300], [300, 600], [600, 899]]);
});

{
  const developerDataIdMesg = { mesgNum: M.DEVELOPER_DATA_ID, applicationId: Array(16).fill(7), applicationVersion: 1, developerDataIndex: 0 };
  const fieldDescriptionMesg = {
    mesgNum: M.FIELD_DESCRIPTION, developerDataIndex: 0, fieldDefinitionNumber: 0, fitBaseTypeId: 0x84,
    fieldName: 'Doughnuts Earned', units: 'doughnuts', nativeMesgNum: M.RECORD,
  };
  const encoder = new Encoder({ fieldDescriptions: { 0: { developerDataIdMesg, fieldDescriptionMesg } } });
  fileId(encoder);
  encoder.writeMesg(developerDataIdMesg);
  encoder.writeMesg(fieldDescriptionMesg);
  encoder.onMesg(M.EVENT, { timestamp: at(0), event: 'timer', eventType: 'start' });
  for (let s = 0; s < 200; s++) encoder.onMesg(M.RECORD, record(s, { dev: s * 3 }));
  encoder.onMesg(M.EVENT, { timestamp: at(199), event: 'timer', eventType: 'stopAll' });
  summary(encoder, 199, 'running', [[0, 199]]);
  writeFileSync(`${dir}/developer.fit`, encoder.close());
}

{
  // Local type 0: a record with a full timestamp; local type 1: the same record without it, sent with compressed
  // headers (bit 7, local type in bits 5-6, the timestamp's low 5 bits); 100 records cross three 32-second rollovers.
  const bytes = [];
  const u8 = (v) => bytes.push(v & 0xff);
  const u16 = (v) => { u8(v); u8(v >> 8); };
  const u32 = (v) => { u16(v & 0xffff); u16(v >>> 16); };
  const fitTime = (s) => Math.round((start + s * 1000 - Utils.FIT_EPOCH_MS) / 1000);
  const define = (local, global, fields) => { u8(0x40 | local); u8(0); u8(0); u16(global); u8(fields.length); fields.forEach((f) => f.forEach(u8)); };
  define(2, M.FILE_ID, [[0, 1, 0x00], [1, 2, 0x84], [2, 2, 0x84], [4, 4, 0x86]]);
  u8(2); u8(4); u16(255); u16(1); u32(fitTime(0));
  define(0, M.RECORD, [[253, 4, 0x86], [0, 4, 0x85], [1, 4, 0x85], [3, 1, 0x02]]);
  define(1, M.RECORD, [[0, 4, 0x85], [1, 4, 0x85], [3, 1, 0x02]]);
  const expected = [];
  for (let s = 0; s < 100; s++) {
    const r = record(s);
    expected.push({ t: start + s * 1000, lat: r.positionLat, lon: r.positionLong, alt: null, hr: r.heartRate });
    if (s === 0) { u8(0); u32(fitTime(s)); } else { u8(0x80 | (1 << 5) | (fitTime(s) & 0x1f)); }
    u32(r.positionLat); u32(r.positionLong); u8(r.heartRate);
  }
  const header = [14, 0x20, ...[21217 & 0xff, 21217 >> 8], bytes.length & 0xff, (bytes.length >> 8) & 0xff, (bytes.length >> 16) & 0xff, bytes.length >>> 24, 0x2e, 0x46, 0x49, 0x54];
  const headerCrc = CrcCalculator.calculateCRC(new Uint8Array(header), 0, 12);
  const file = [...header, headerCrc & 0xff, headerCrc >> 8, ...bytes];
  const crc = CrcCalculator.calculateCRC(new Uint8Array(file), 0, file.length);
  writeFileSync(`${dir}/compressed.fit`, new Uint8Array([...file, crc & 0xff, crc >> 8]));
  writeFileSync(`${dir}/compressed.expected.json`, JSON.stringify({ records: expected }));
}
