/**
 * A tiny baseline JPEG encoder for the simulator's thumbnails and box art. Every 8×8 block is one flat
 * colour (only DC coefficients are coded), which is enough for a real, decodable JPEG of any size that
 * shows a gradient per channel, without ffmpeg or an image library.
 */

export type Rgb = readonly [number, number, number];

/** The colour of the 8×8 block at column `bx`, row `by` of a grid `columns`×`rows` blocks. */
export type BlockPainter = (bx: number, by: number, columns: number, rows: number) => Rgb;

// Standard luminance DC table (ITU T.81 annex K.3): code lengths 1..16 and the categories 0..11.
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// Every block ends right after its DC coefficient, so the AC table needs one symbol: end-of-block (0x00).
const AC_BITS = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0];
// All quantisers 8: a flat block of value v then has the quantised DC coefficient v - 128, exactly.
const QUANT = 8;

interface Code {
  code: number;
  length: number;
}

/** The canonical Huffman codes of a DHT table (T.81 annex C). */
function huffmanCodes(bits: number[], values: number[]): Map<number, Code> {
  const codes = new Map<number, Code>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < (bits[length - 1] ?? 0); i++)
      codes.set(values[k++] as number, { code: code++, length });
    code <<= 1;
  }
  return codes;
}

const DC_CODES = huffmanCodes(DC_BITS, DC_VALUES);
const EOB = huffmanCodes(AC_BITS, AC_VALUES).get(0) as Code;

class BitWriter {
  private readonly bytes: number[] = [];
  private buffer = 0;
  private count = 0;

  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.buffer = (this.buffer << 1) | ((value >> i) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }

  /** Pads the last byte with 1-bits, as T.81 asks. */
  finish(): number[] {
    if (this.count > 0) this.write(0xff, 8 - this.count);
    return this.bytes;
  }

  private flushByte(): void {
    this.bytes.push(this.buffer);
    if (this.buffer === 0xff) this.bytes.push(0x00); // byte stuffing
    this.buffer = 0;
    this.count = 0;
  }
}

function segment(marker: number, payload: number[]): number[] {
  const length = payload.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...payload];
}

function toYCbCr([r, g, b]: Rgb): [number, number, number] {
  return [
    0.299 * r + 0.587 * g + 0.114 * b,
    -0.168736 * r - 0.331264 * g + 0.5 * b + 128,
    0.5 * r - 0.418688 * g - 0.081312 * b + 128,
  ];
}

/** Writes a DC difference: its category's code, then the low bits (one's complement when negative). */
function writeDc(bits: BitWriter, diff: number): void {
  const magnitude = Math.abs(diff);
  const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
  const code = DC_CODES.get(category) as Code;
  bits.write(code.code, code.length);
  if (category > 0) bits.write(diff < 0 ? diff + (1 << category) - 1 : diff, category);
}

/** A baseline JPEG, `width`×`height`, YCbCr 4:4:4, painted block by block. */
export function encodeJpeg(width: number, height: number, paint: BlockPainter): Uint8Array {
  const columns = Math.ceil(width / 8);
  const rows = Math.ceil(height / 8);
  const bits = new BitWriter();
  const previous = [0, 0, 0];
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < columns; bx++) {
      const ycc = toYCbCr(paint(bx, by, columns, rows));
      for (let component = 0; component < 3; component++) {
        const dc = Math.max(-128, Math.min(127, Math.round(ycc[component] as number) - 128));
        writeDc(bits, dc - (previous[component] as number));
        previous[component] = dc;
        bits.write(EOB.code, EOB.length);
      }
    }
  }
  const jfif = [0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const components = [1, 2, 3].flatMap((id) => [id, 0x11, 0]);
  return new Uint8Array([
    0xff,
    0xd8,
    ...segment(0xe0, jfif),
    ...segment(0xdb, [0x00, ...new Array(64).fill(QUANT)]),
    ...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, ...components]),
    ...segment(0xc4, [0x00, ...DC_BITS, ...DC_VALUES]),
    ...segment(0xc4, [0x10, ...AC_BITS, ...AC_VALUES]),
    ...segment(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]),
    ...bits.finish(),
    0xff,
    0xd9,
  ]);
}
