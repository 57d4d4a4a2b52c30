import { BitReader, unescapeRbsp } from "./bits.ts";
import { type AvcConfig, TsDemuxError } from "./types.ts";

/** What an MP4 sample entry needs from a sequence parameter set. */
export interface SpsInfo {
  profile: number;
  compatibility: number;
  level: number;
  width: number;
  height: number;
}

/** Profiles whose SPS carries chroma format, bit depths and scaling matrices (H.264 7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Reads the picture size and profile from an SPS NAL unit (header byte included). */
export function parseSps(nal: Uint8Array): SpsInfo {
  if (nal.length < 4 || ((nal[0] as number) & 0x1f) !== 7) throw new TsDemuxError("not an SPS");
  const r = new BitReader(unescapeRbsp(nal.subarray(1)));
  const profile = r.bits(8);
  const compatibility = r.bits(8);
  const level = r.bits(8);
  r.ue(); // seq_parameter_set_id
  let chromaFormat = 1;
  if (HIGH_PROFILES.has(profile)) {
    chromaFormat = r.ue();
    if (chromaFormat > 3) throw new TsDemuxError("SPS has an invalid chroma format");
    // With separate colour planes each plane is coded like monochrome (ChromaArrayType 0).
    if (chromaFormat === 3 && r.bit()) chromaFormat = 0;
    r.ue(); // bit_depth_luma_minus8
    r.ue(); // bit_depth_chroma_minus8
    r.bit(); // qpprime_y_zero_transform_bypass_flag
    if (r.bit()) skipScalingMatrix(r, chromaFormat === 3 ? 12 : 8);
  }
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0)
    r.ue(); // log2_max_pic_order_cnt_lsb_minus4
  else if (pocType === 1) skipPocCycle(r);
  else if (pocType !== 2) throw new TsDemuxError("SPS has an invalid picture order count type");
  r.ue(); // max_num_ref_frames
  r.bit(); // gaps_in_frame_num_value_allowed_flag
  const widthMbs = r.ue() + 1;
  const heightMapUnits = r.ue() + 1;
  const frameMbsOnly = r.bit();
  if (!frameMbsOnly) r.bit(); // mb_adaptive_frame_field_flag
  r.bit(); // direct_8x8_inference_flag
  let crop = [0, 0, 0, 0];
  if (r.bit()) crop = [r.ue(), r.ue(), r.ue(), r.ue()];
  // Crop offsets count chroma samples (H.264 7.4.2.1.1, CropUnitX/Y); field coding doubles the height.
  const cropX = chromaFormat === 1 || chromaFormat === 2 ? 2 : 1;
  const cropY = (chromaFormat === 1 ? 2 : 1) * (2 - frameMbsOnly);
  const [left, right, top, bottom] = crop as [number, number, number, number];
  const width = widthMbs * 16 - cropX * (left + right);
  const height = (2 - frameMbsOnly) * heightMapUnits * 16 - cropY * (top + bottom);
  if (width <= 0 || height <= 0 || width > 16384 || height > 16384)
    throw new TsDemuxError(`SPS gives an impossible picture size ${width}x${height}`);
  return { profile, compatibility, level, width, height };
}

function skipScalingMatrix(r: BitReader, lists: number): void {
  for (let i = 0; i < lists; i++) {
    if (!r.bit()) continue;
    const size = i < 6 ? 16 : 64;
    let last = 8;
    let next = 8;
    for (let j = 0; j < size && next !== 0; j++) {
      next = (last + r.se() + 256) % 256;
      if (next !== 0) last = next;
    }
  }
}

function skipPocCycle(r: BitReader): void {
  r.bit(); // delta_pic_order_always_zero_flag
  r.se(); // offset_for_non_ref_pic
  r.se(); // offset_for_top_to_bottom_field
  const cycle = r.ue();
  if (cycle > 255) throw new TsDemuxError("SPS has an invalid reference frame cycle");
  for (let i = 0; i < cycle; i++) r.se();
}

/** The avcC record and codec string for one SPS and its PPSs (NAL units with their header bytes). */
export function avcConfig(sps: Uint8Array, ppsList: readonly Uint8Array[]): AvcConfig {
  const info = parseSps(sps);
  const size = 6 + 2 + sps.length + 1 + ppsList.reduce((n, p) => n + 2 + p.length, 0);
  const avcC = new Uint8Array(size);
  avcC[0] = 1; // configurationVersion
  avcC[1] = info.profile;
  avcC[2] = info.compatibility;
  avcC[3] = info.level;
  avcC[4] = 0xff; // 4-byte NAL lengths
  avcC[5] = 0xe1; // one SPS
  let at = writeParameterSet(avcC, 6, sps);
  avcC[at++] = ppsList.length;
  for (const pps of ppsList) at = writeParameterSet(avcC, at, pps);
  const hex = (n: number) => n.toString(16).padStart(2, "0");
  return {
    avcC,
    width: info.width,
    height: info.height,
    codec: `avc1.${hex(info.profile)}${hex(info.compatibility)}${hex(info.level)}`,
  };
}

function writeParameterSet(out: Uint8Array, at: number, nal: Uint8Array): number {
  out[at] = nal.length >> 8;
  out[at + 1] = nal.length & 0xff;
  out.set(nal, at + 2);
  return at + 2 + nal.length;
}
