// @ts-check
// A small ZIP writer (PKWARE APPNOTE 6.3.x, no ZIP64): local file headers, the central directory and
// the end record, CRC-32 from a table, raw deflate from node:zlib (tiny or incompressible files are
// stored), DOS date/time, and the UTF-8 name flag. Enough for a SCORM package, which every LMS opens.
import { deflateRawSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, the one ZIP uses) of some bytes. @param {Uint8Array} bytes */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * MS-DOS date and time of a moment, in local time as ZIP tools expect (2-second resolution; years
 * before 1980 become 1980-01-01, the format's first day).
 * @param {Date} date
 */
export function dosDateTime(date) {
  if (date.getFullYear() < 1980) return { date: (1 << 5) | 1, time: 0 };
  const year = Math.min(date.getFullYear(), 2107);
  return {
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
  };
}

const STORE = 0;
const DEFLATE = 8;
const UTF8_FLAG = 0x0800;
const VERSION = 20; // 2.0: deflate
const MADE_BY_UNIX = (3 << 8) | VERSION;
const FILE_MODE = 0o100644; // regular file, rw-r--r-- (in the high half of the external attributes)
const SMALL = 64; // below this many bytes deflate rarely pays for itself

/**
 * Builds a ZIP archive in memory.
 * @param {{ name: string, data: Uint8Array | string }[]} entries  files in order; names use `/`
 * @param {{ date?: Date, level?: number }} [options]  one modification time for every entry (default now)
 * @returns {Buffer}
 */
export function createZip(entries, { date = new Date(), level = 9 } = {}) {
  const { date: dosDate, time: dosTime } = dosDateTime(date);
  const seen = new Set();
  /** @type {Buffer[]} */ const parts = [];
  /** @type {Buffer[]} */ const central = [];
  let offset = 0;

  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    if (!entry.name || entry.name.startsWith('/') || entry.name.includes('\\') || entry.name.split('/').includes('..'))
      throw new Error(`zip: bad entry name "${entry.name}"`);
    if (seen.has(entry.name)) throw new Error(`zip: duplicate entry "${entry.name}"`);
    seen.add(entry.name);
    if (name.length > 0xffff) throw new Error(`zip: entry name too long: ${entry.name.slice(0, 40)}…`);

    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data);
    const crc = crc32(data);
    let method = STORE;
    let body = data;
    if (data.length >= SMALL) {
      const deflated = deflateRawSync(data, { level });
      if (deflated.length < data.length) {
        method = DEFLATE;
        body = deflated;
      }
    }
    if (data.length > 0xfffffffe || offset + 30 + name.length + body.length > 0xfffffffe)
      throw new Error('zip: archive larger than 4 GB (ZIP64 is not supported)');

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // local file header signature
    local.writeUInt16LE(VERSION, 4); // version needed to extract
    local.writeUInt16LE(UTF8_FLAG, 6); // general purpose flags: names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18); // compressed size
    local.writeUInt32LE(data.length, 22); // uncompressed size
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    parts.push(local, name, body);

    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0); // central directory header signature
    dir.writeUInt16LE(MADE_BY_UNIX, 4);
    dir.writeUInt16LE(VERSION, 6);
    dir.writeUInt16LE(UTF8_FLAG, 8);
    dir.writeUInt16LE(method, 10);
    dir.writeUInt16LE(dosTime, 12);
    dir.writeUInt16LE(dosDate, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt16LE(0, 30); // extra field length
    dir.writeUInt16LE(0, 32); // comment length
    dir.writeUInt16LE(0, 34); // disk number start
    dir.writeUInt16LE(0, 36); // internal attributes
    dir.writeUInt32LE((FILE_MODE << 16) >>> 0, 38); // external attributes
    dir.writeUInt32LE(offset, 42); // offset of the local header
    central.push(dir, name);

    offset += local.length + name.length + body.length;
  }
  if (seen.size > 0xffff) throw new Error('zip: more than 65535 entries (ZIP64 is not supported)');

  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory signature
  end.writeUInt16LE(0, 4); // this disk
  end.writeUInt16LE(0, 6); // disk with the central directory
  end.writeUInt16LE(seen.size, 8); // entries on this disk
  end.writeUInt16LE(seen.size, 10); // entries in total
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16); // where the central directory starts
  end.writeUInt16LE(0, 20); // comment length
  return Buffer.concat([...parts, ...central, end]);
}
