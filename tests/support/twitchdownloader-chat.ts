import { z } from "zod";

/**
 * TwitchDownloader's chat JSON, as its reader deserializes it: derived field by field from
 * lay295/TwitchDownloader at commit a9386f3e95ea13348960d872cd9679175e725064,
 * TwitchDownloaderCore/TwitchObjects/ChatRoot.cs (ChatRoot, Streamer, Video, Comment, Commenter, Message,
 * Fragment, Emoticon, UserBadge, Emoticon2, UserNoticeParams, EmbeddedData) and ChatRootInfo.cs
 * (ChatRootInfo, ChatRootVersion), read by TwitchDownloaderCore/Chat/ChatJson.cs with System.Text.Json's
 * defaults: property names are matched case-sensitively, exactly as the C# properties are spelt (no
 * naming policy; `UserNoticeParams.msg_id` is `msg_id`, not Twitch's `msg-id`).
 *
 * C# types map as: `string` → a string or null (reference type); `int` → a 32-bit integer, `uint` → a
 * non-negative one, `double` → a finite number (never null: a value type); `DateTime` → an ISO-8601 date
 * .NET parses (never null); `List<T>` → an array. Objects are strict here although .NET ignores unknown
 * properties: a misspelt key would be silently dropped by the reader, so this schema refuses it.
 * Where the renderer needs more than the types say (ChatRenderer.GenerateCommentSection skips a comment
 * without `fragments` or `commenter`; UpgradeChatJson reads `comments`), the schema asks for it.
 */

const csString = z.string().nullable();
const int32 = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1);
const uint32 = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);
const double = z.number().finite();
/** What DateTime's JSON reader takes: ISO 8601, date and time, optional fraction and offset. */
const dateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/);

// ChatRootInfo.cs
const chatRootVersion = z.strictObject({ Major: uint32, Minor: uint32, Patch: uint32 });
const chatRootInfo = z.strictObject({ Version: chatRootVersion, CreatedAt: dateTime, UpdatedAt: dateTime });

// ChatRoot.cs
const streamer = z.strictObject({ name: csString, login: csString, id: int32 });
const videoChapter = z.strictObject({
  id: csString,
  startMilliseconds: int32,
  lengthMilliseconds: int32,
  type: csString, // [JsonPropertyName("type")] _type
  description: csString,
  subDescription: csString,
  thumbnailUrl: csString,
  gameId: csString,
  gameDisplayName: csString,
  gameBoxArtUrl: csString,
});
const video = z.strictObject({
  title: csString,
  description: csString,
  id: csString,
  created_at: dateTime,
  start: double,
  end: double,
  length: double,
  viewCount: int32,
  game: csString,
  chapters: z.array(videoChapter),
});
const commenter = z.strictObject({
  display_name: z.string(), // HighlightIcons reads it without a null check
  _id: csString,
  name: csString,
  bio: csString,
  created_at: dateTime,
  updated_at: dateTime,
  logo: csString,
});
const fragment = z.strictObject({
  text: z.string(),
  emoticon: z.strictObject({ emoticon_id: csString }).nullable(),
});
const userBadge = z.strictObject({ _id: csString, version: csString });
const emoticon2 = z.strictObject({ _id: csString, begin: int32, end: int32 });
/** ChatRenderer drops a comment whose msg_id is anything else (GenerateCommentSection). */
const userNoticeParams = z.strictObject({
  msg_id: z.enum(["highlighted-message", "sub", "resub", "subgift", ""]),
});
const message = z.strictObject({
  body: z.string(), // HighlightIcons reads body.Length
  bits_spent: int32,
  fragments: z.array(fragment),
  user_badges: z.array(userBadge).nullable(),
  user_color: csString,
  // [JsonIgnore(Condition = WhenWritingNull)]: absent rather than null.
  user_notice_params: userNoticeParams.optional(),
  emoticons: z.array(emoticon2).nullable(),
});
export const twitchDownloaderComment = z.strictObject({
  _id: csString,
  created_at: dateTime,
  channel_id: csString,
  content_type: csString,
  content_id: csString,
  content_offset_seconds: double,
  commenter,
  message,
});
const embedEmoteData = z.strictObject({
  id: csString,
  imageScale: int32,
  data: z.string().nullable(), // byte[] is base64 in JSON
  name: csString,
  url: csString.optional(),
  width: int32,
  height: int32,
  isZeroWidth: z.boolean().optional(),
});
const embeddedData = z.strictObject({
  thirdParty: z.array(embedEmoteData),
  firstParty: z.array(embedEmoteData),
  twitchBadges: z.array(z.unknown()),
  twitchBits: z.array(z.unknown()),
});
export const twitchDownloaderChat = z.strictObject({
  FileInfo: chatRootInfo,
  streamer,
  clipper: streamer.nullable().optional(),
  video,
  comments: z.array(twitchDownloaderComment),
  embeddedData: embeddedData.nullable(),
});

export type TwitchDownloaderChat = z.infer<typeof twitchDownloaderChat>;
