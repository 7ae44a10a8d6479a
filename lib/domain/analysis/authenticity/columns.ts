/**
 * Compact storage for per-row data that stays in memory for a whole input.
 * Numbers live in fixed-size typed-array chunks outside the JS heap, so the
 * cost per row is known in advance, growing never copies, and the garbage
 * collector has nothing to trace. Strings live as UTF-8 bytes in large chunks.
 */

const SHIFT = 14;
/** Rows per chunk: small enough to waste little, large enough to be few. */
export const CHUNK_ROWS = 1 << SHIFT;
const MASK = CHUNK_ROWS - 1;

type NumericArray = Float64Array | Int32Array | Uint32Array | Uint8Array;

/** `width` numbers per row; rows never written read as `fill`. */
export class Column<T extends NumericArray> {
  private readonly chunks: T[] = [];

  constructor(
    private readonly make: new (length: number) => T,
    readonly width = 1,
    private readonly fill = 0,
  ) {}

  get(row: number, slot = 0): number {
    const chunk = this.chunks[row >>> SHIFT];
    return chunk === undefined ? this.fill : (chunk[(row & MASK) * this.width + slot] ?? this.fill);
  }

  set(row: number, value: number, slot = 0): void {
    const at = row >>> SHIFT;
    const offset = (row & MASK) * this.width + slot;
    let chunk = this.chunks[at];
    if (chunk === undefined || offset >= chunk.length) chunk = this.grow(at, offset);
    chunk[offset] = value;
  }

  private grow(at: number, offset: number): T {
    const full = CHUNK_ROWS * this.width;
    while (this.chunks.length < at) this.chunks.push(this.allocate(full));
    const old = this.chunks[at];
    // The first chunk starts small and doubles, so a batch of ten rows costs kilobytes, not megabytes.
    let size = at === 0 ? Math.max(256 * this.width, (old?.length ?? 0) * 2) : full;
    while (size <= offset) size *= 2;
    const chunk = this.allocate(Math.min(size, full));
    if (old !== undefined) chunk.set(old);
    this.chunks[at] = chunk;
    return chunk;
  }

  private allocate(length: number): T {
    const chunk = new this.make(length);
    if (this.fill !== 0) chunk.fill(this.fill);
    return chunk;
  }
}

const BYTES = 1 << 20;
/** Byte offsets are Uint32: 4 GB of distinct text, far beyond what fits in memory anyway. */
const MAX_BYTES = 2 ** 32;

/**
 * Append-only strings, addressed by the order they were added in: UTF-8 in
 * 1 MB chunks plus 4 bytes a string (where it ends; it starts where the one
 * before ended, or at its chunk's start). Ill-formed UTF-16, which would not
 * survive UTF-8, and strings longer than a chunk are kept as JS strings.
 */
export class StringStore {
  private readonly chunks: Uint8Array[] = [];
  private used = BYTES;
  /** chunk × 1 MB + offset just past the string's last byte. */
  private readonly ends = new Column(Uint32Array);
  private readonly odd = new Map<number, string>();
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private scratch = new Uint8Array(256);
  size = 0;

  push(s: string): number {
    if (!s.isWellFormed() || s.length > BYTES / 3) return this.pushOdd(s);
    return this.pushBytes(this.encode(s));
  }

  get(id: number): string {
    const at = this.locate(id);
    if (at === undefined) return this.odd.get(id) ?? '';
    return this.decoder.decode(at.chunk.subarray(at.start, at.end));
  }

  /** UTF-8 of `s` in a scratch buffer, valid until the next call. */
  protected encode(s: string): Uint8Array {
    if (this.scratch.length < s.length * 3) this.scratch = new Uint8Array(s.length * 3);
    const { written } = this.encoder.encodeInto(s, this.scratch);
    return this.scratch.subarray(0, written);
  }

  /** Whether stored string `id` has exactly these bytes. */
  protected equals(id: number, bytes: Uint8Array): boolean {
    const at = this.locate(id);
    if (at === undefined) return bytes.length === 0 && !this.odd.has(id);
    if (at.end - at.start !== bytes.length) return false;
    for (let k = 0; k < bytes.length; k++) if (at.chunk[at.start + k] !== bytes[k]) return false;
    return true;
  }

  protected pushBytes(bytes: Uint8Array): number {
    if (this.used + bytes.length > BYTES || this.chunks.length === 0) {
      if ((this.chunks.length + 1) * BYTES > MAX_BYTES)
        throw new RangeError('StringStore: over 4 GB of text');
      this.chunks.push(new Uint8Array(BYTES));
      this.used = 0;
    }
    this.chunks[this.chunks.length - 1]?.set(bytes, this.used);
    this.used += bytes.length;
    const id = this.size++;
    this.ends.set(id, (this.chunks.length - 1) * BYTES + this.used);
    return id;
  }

  protected pushOdd(s: string): number {
    const id = this.size++;
    // Zero bytes in the chunks, so the next string's start is still its predecessor's end.
    this.ends.set(id, id === 0 ? 0 : this.ends.get(id - 1));
    this.odd.set(id, s);
    return id;
  }

  /** Where string `id`'s bytes are; undefined when it has none (empty or kept as a JS string). */
  private locate(id: number): { chunk: Uint8Array; start: number; end: number } | undefined {
    const end = this.ends.get(id);
    const previous = id === 0 ? 0 : this.ends.get(id - 1);
    if (end === previous) return undefined;
    const c = Math.floor((end - 1) / BYTES);
    const chunk = this.chunks[c];
    if (chunk === undefined) return undefined;
    return { chunk, start: Math.max(previous, c * BYTES) - c * BYTES, end: end - c * BYTES };
  }
}

/** Interned strings: equal strings get one small integer id. */
export class StringPool extends StringStore {
  private table = new Int32Array(1024);
  private readonly hashes = new Column(Uint32Array);
  private readonly oddIds = new Map<string, number>();

  intern(s: string): number {
    if (!s.isWellFormed() || s.length > BYTES / 3) {
      const known = this.oddIds.get(s);
      if (known !== undefined) return known;
      const id = this.pushOdd(s);
      this.oddIds.set(s, id);
      return id;
    }
    const bytes = this.encode(s);
    const hash = hashBytes(bytes);
    const mask = this.table.length - 1;
    let slot = hash & mask;
    for (let held = this.table[slot] ?? 0; held !== 0; held = this.table[slot] ?? 0) {
      if (this.hashes.get(held - 1) === hash && this.equals(held - 1, bytes)) return held - 1;
      slot = (slot + 1) & mask;
    }
    const id = this.pushBytes(bytes);
    this.hashes.set(id, hash);
    this.table[slot] = id + 1;
    if (this.size * 2 > this.table.length) this.grow();
    return id;
  }

  private grow(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (const held of this.table) {
      if (held === 0) continue;
      let slot = this.hashes.get(held - 1) & mask;
      while ((table[slot] ?? 0) !== 0) slot = (slot + 1) & mask;
      table[slot] = held;
    }
    this.table = table;
  }
}

function hashBytes(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return h >>> 0;
}
