import { type AacConfig, type AudioSample, TsDemuxError } from "./types.ts";

/**
 * AAC in ADTS framing → raw AAC frames. A PES holds several frames and a frame may straddle two PES: the
 * start of such a frame is carried into the next PES. Per ISO 13818-1 a PES timestamp belongs to the first
 * frame that *starts* in that PES, so a carried frame keeps the time it would have had in its own PES.
 */

const RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];
const SAMPLES_PER_FRAME = 1024;

export class AudioTrack {
  readonly samples: AudioSample[] = [];
  private config: AacConfig | null = null;
  /** ADTS header fields of the first frame (profile, rate index, channels), to spot a change. */
  private configKey = -1;
  private frameTicks = 0;
  /** The start of a frame whose end is in the next PES, and its time. */
  private carry: Uint8Array | null = null;
  private carryPts = 0;
  /** Where the next frame would start if the stream is continuous (for a PES without a PTS). */
  private nextPts: number | null = null;

  /** Adds the ADTS bytes `payload` of one PES, whose unwrapped PTS is `pts` (null when it has none). */
  addPes(payload: Uint8Array, pts: number | null): void {
    let data = payload;
    const carried = this.carry;
    if (carried) {
      data = new Uint8Array(carried.length + payload.length);
      data.set(carried, 0);
      data.set(payload, carried.length);
      this.carry = null;
    }
    const base = pts ?? this.nextPts;
    let k = 0;
    let at = 0;
    while (at < data.length) {
      const fromCarry = carried !== null && at === 0;
      if (base === null && !fromCarry) throw new TsDemuxError("audio PES without a timestamp");
      const time = fromCarry ? this.carryPts : (base as number) + k * this.frameTicks;
      const length = this.frameLength(data, at);
      if (length < 0 || at + length > data.length) {
        // The frame ends in the next PES (or the header does): carry its start over.
        this.carry = data.slice(at);
        this.carryPts = time;
        break;
      }
      const header = (data[at + 1] as number) & 0x01 ? 7 : 9; // protection_absent = 0: 2 CRC bytes follow
      this.samples.push({
        pts: time,
        duration: this.frameTicks,
        data: data.subarray(at + header, at + length),
      });
      this.nextPts = time + this.frameTicks;
      if (!fromCarry) k++;
      at += length;
    }
  }

  /** The length of the ADTS frame at `at` (header checked), or -1 when its header is not all there. */
  private frameLength(data: Uint8Array, at: number): number {
    if (at + 7 > data.length) return -1;
    const b1 = data[at + 1] as number;
    // 12-bit sync, then MPEG version (either), layer 00.
    if (data[at] !== 0xff || (b1 & 0xf6) !== 0xf0) throw new TsDemuxError("lost ADTS sync");
    const b2 = data[at + 2] as number;
    const b3 = data[at + 3] as number;
    const key = ((b2 & 0xfd) << 8) | (b3 & 0xc0); // profile, rate index, channels (private bit masked)
    if (key !== this.configKey) this.takeConfig(b2, b3, key);
    const length = ((b3 & 0x03) << 11) | ((data[at + 4] as number) << 3) | ((data[at + 5] as number) >> 5);
    if (length <= (b1 & 0x01 ? 7 : 9)) throw new TsDemuxError("ADTS frame shorter than its header");
    // Several raw data blocks per frame would be several MP4 samples with CRCs between; encoders for
    // streaming never write them.
    if ((data[at + 6] as number) & 0x03) throw new TsDemuxError("ADTS frame with several raw data blocks");
    return length;
  }

  private takeConfig(b2: number, b3: number, key: number): void {
    if (this.config) throw new TsDemuxError("AAC configuration changes within the segment");
    const objectType = (b2 >> 6) + 1;
    const rateIndex = (b2 >> 2) & 0x0f;
    const channels = ((b2 & 0x01) << 2) | (b3 >> 6);
    const sampleRate = RATES[rateIndex];
    if (sampleRate === undefined) throw new TsDemuxError("ADTS frame with an invalid sampling rate");
    // Channel configuration 0 means "see the program config element", which ADTS-in-MP4 cannot carry.
    if (channels === 0) throw new TsDemuxError("ADTS frame without a channel configuration");
    const asc = new Uint8Array([
      (objectType << 3) | (rateIndex >> 1),
      ((rateIndex & 1) << 7) | (channels << 3),
    ]);
    this.config = { asc, sampleRate, channels, codec: `mp4a.40.${objectType}` };
    this.configKey = key;
    this.frameTicks = (SAMPLES_PER_FRAME * 90_000) / sampleRate;
  }

  /** The track, or null without samples. An incomplete last frame is dropped. */
  finish(): { config: AacConfig; samples: AudioSample[] } | null {
    if (!this.config || this.samples.length === 0) return null;
    return { config: this.config, samples: this.samples };
  }
}
