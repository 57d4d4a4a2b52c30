import { describe, expect, test } from "bun:test";
import i18next from "i18next";
import type { Translator } from "@/lib/server-labels";
import { SUBSCRIPTION_STATUSES } from "../../../../src/domain/eventsub.ts";
import { SERVER_MODES } from "../../../../src/domain/ops.ts";
import { NOT_RECORDED_REASONS } from "../../../../src/live/live-log.ts";
import en from "../../locales/en.json";
import fr from "../../locales/fr.json";
import { eventMessage, type LoggedEntry, messagePieces } from "./event-message";

// Each entry the server writes, as it writes it: its domain, type and data, the English message the server
// stores for them (copied from the server's code and unit tests: src/live, src/activity, src/eventsub,
// src/relay, src/auth, src/trpc's `audited`, src/tasks, src/system), and what a French page says instead.
// English pages must read the server's message to the letter; anything the dashboard cannot word (an
// unknown type, an old row without a value) reads as the server's English, marked so.

async function translator(language: "en" | "fr"): Promise<Translator> {
  const i18n = i18next.createInstance();
  // As the app sets it up (src/lib/i18n.ts): React escapes, so i18next must not.
  await i18n.init({
    lng: language,
    resources: { en: { translation: en }, fr: { translation: fr } },
    fallbackLng: "en",
    interpolation: { escapeValue: false },
  });
  // Keys made from codes are checked by `exists` (as useTranslator does), not by t's key types.
  return {
    t: (key, values) => String(i18n.t(key as never, values as never)),
    exists: (key) => i18n.exists(key),
  };
}

const EN = await translator("en");
const FR = await translator("fr");
const NB = "\u00a0";
const GiB = 2 ** 30;

const channel = { broadcaster_login: "kitchen_lab", broadcaster_name: "Kitchen_Lab" };
const stream = {
  ...channel,
  stream_id: "stream-1",
  title: "Cooking",
  category_name: "Just Chatting",
  viewers: 120,
};
/** What every recording entry names (src/activity/recording-log.ts). */
const job = { ...channel, title: "Cooking", video_id: 7, job_id: "j1" };

type Row = [
  what: string,
  domain: string,
  type: string,
  data: Record<string, unknown>,
  server: string,
  french: string,
];

const ROWS: Row[] = [
  // live (src/live/live-log.ts, live.service.test.ts)
  [
    "went live",
    "live",
    "online",
    stream,
    "Kitchen_Lab went live: Cooking (Just Chatting)",
    "Kitchen_Lab est en direct : Cooking (Just Chatting)",
  ],
  [
    "went live, no category",
    "live",
    "online",
    { ...stream, category_name: "" },
    "Kitchen_Lab went live: Cooking",
    "Kitchen_Lab est en direct : Cooking",
  ],
  [
    "went live, Helix silent",
    "live",
    "online",
    channel,
    "Kitchen_Lab went live",
    "Kitchen_Lab est en direct",
  ],
  [
    "went live, no display name",
    "live",
    "online",
    { broadcaster_login: "kitchen_lab", broadcaster_name: "" },
    "kitchen_lab went live",
    "kitchen_lab est en direct",
  ],
  [
    "went offline",
    "live",
    "offline",
    channel,
    "Kitchen_Lab went offline",
    "Kitchen_Lab n’est plus en direct",
  ],
  [
    "title and category changed",
    "live",
    "updated",
    { ...channel, title: "Baking", category_name: "Food & Drink" },
    'Kitchen_Lab changed title "Baking" and category Food & Drink',
    "Kitchen_Lab a changé de titre (« Baking ») et de catégorie (Food & Drink)",
  ],
  [
    "title changed",
    "live",
    "updated",
    { ...channel, title: "Baking" },
    'Kitchen_Lab changed title "Baking"',
    "Kitchen_Lab a changé de titre : « Baking »",
  ],
  [
    "category changed",
    "live",
    "updated",
    { ...channel, category_name: "Chess" },
    "Kitchen_Lab changed category Chess",
    "Kitchen_Lab a changé de catégorie : Chess",
  ],
  [
    "nothing said",
    "live",
    "updated",
    channel,
    "Kitchen_Lab changed its stream",
    "Kitchen_Lab a modifié son stream",
  ],
  [
    "not recorded: no schedule",
    "live",
    "not_recorded",
    { ...stream, reason: "no_schedule", detail: "no schedule for this channel" },
    "Kitchen_Lab is live but not recorded: no schedule for this channel",
    "Kitchen_Lab est en direct, sans enregistrement : aucune planification pour cette chaîne",
  ],
  [
    "not recorded: schedule turned off",
    "live",
    "not_recorded",
    { ...stream, reason: "schedule_paused", detail: "its schedule is turned off" },
    "Kitchen_Lab is live but not recorded: its schedule is turned off",
    "Kitchen_Lab est en direct, sans enregistrement : sa planification est désactivée",
  ],
  [
    "not recorded: every schedule paused",
    "live",
    "not_recorded",
    { ...stream, reason: "schedules_paused", detail: "every schedule is paused (System)" },
    "Kitchen_Lab is live but not recorded: every schedule is paused (System)",
    "Kitchen_Lab est en direct, sans enregistrement : toutes les planifications sont en pause (Système)",
  ],
  [
    "not recorded: too few viewers",
    "live",
    "not_recorded",
    {
      ...stream,
      schedules: [{ schedule_id: 901, unmet: [{ rule: "min_viewers", viewers: 120, min_viewers: 500 }] }],
      reason: "no_match",
      detail: "viewers 120 < 500 (schedule #901)",
    },
    "Kitchen_Lab is live but not recorded: viewers 120 < 500 (schedule #901)",
    "Kitchen_Lab est en direct, sans enregistrement : spectateurs : 120 < 500 (planification n° 901)",
  ],
  [
    "not recorded: every schedule's rules",
    "live",
    "not_recorded",
    {
      ...stream,
      schedules: [
        {
          schedule_id: 902,
          unmet: [{ rule: "category", category: "Just Chatting" }, { rule: "tags" }],
        },
        { schedule_id: 903, unmet: [{ rule: "turned_off" }] },
        { schedule_id: 904, unmet: [{ rule: "no_category" }, { rule: "no_tags" }] },
      ],
      reason: "no_match",
    },
    "Kitchen_Lab is live but not recorded: category Just Chatting not in the list, none of the wanted tags " +
      "(schedule #902); schedule turned off (schedule #903); no category set, the schedule wants one from its " +
      "list, no tags, none of the wanted ones (schedule #904)",
    "Kitchen_Lab est en direct, sans enregistrement : catégorie Just Chatting absente de la liste, aucun des " +
      "tags attendus (planification n° 902) ; planification désactivée (planification n° 903) ; aucune " +
      "catégorie, alors que la planification en attend une de sa liste, aucun tag, donc aucun de ceux attendus " +
      "(planification n° 904)",
  ],
  [
    "not recorded: already recording",
    "live",
    "not_recorded",
    { ...stream, reason: "already_recording", detail: "already recording this channel" },
    "Kitchen_Lab is live but not recorded: already recording this channel",
    "Kitchen_Lab est en direct, sans enregistrement : cette chaîne est déjà en cours d’enregistrement",
  ],
  [
    "not recorded: max_concurrent",
    "live",
    "not_recorded",
    { ...stream, max_concurrent: 5, reason: "at_capacity" },
    "Kitchen_Lab is live but not recorded: max_concurrent reached: 5 recordings are running already",
    "Kitchen_Lab est en direct, sans enregistrement : limite d’enregistrements simultanés atteinte " +
      "(max_concurrent : 5)",
  ],
  [
    "not recorded: disk under its floor (the guard's words are the server's)",
    "live",
    "not_recorded",
    { ...stream, problem: "free space is under the floor (2 GiB)", reason: "disk_space" },
    "Kitchen_Lab is live but not recorded: not recording kitchen_lab: free space is under the floor (2 GiB)",
    "Kitchen_Lab est en direct, sans enregistrement : impossible d’enregistrer kitchen_lab : free space is " +
      "under the floor (2 GiB)",
  ],
  [
    "not recorded: no ffmpeg",
    "live",
    "not_recorded",
    { ...stream, problem: "ffmpeg not found (FFMPEG_PATH): recordings cannot start", reason: "unavailable" },
    "Kitchen_Lab is live but not recorded: not recording kitchen_lab: ffmpeg not found (FFMPEG_PATH): " +
      "recordings cannot start",
    "Kitchen_Lab est en direct, sans enregistrement : impossible d’enregistrer kitchen_lab : ffmpeg not found " +
      "(FFMPEG_PATH): recordings cannot start",
  ],
  [
    "not recorded: an error",
    "live",
    "not_recorded",
    { ...stream, error: "the database went away", reason: "error" },
    "Kitchen_Lab is live but not recorded: the recording could not start: the database went away",
    "Kitchen_Lab est en direct, sans enregistrement : l’enregistrement n’a pas pu démarrer : the database went away",
  ],

  // recording (src/activity/recording-log.ts and its test; part causes: src/recorder/journal.test.ts)
  [
    "started by a schedule",
    "recording",
    "started",
    { ...job, schedule_id: 3, quality: "1080p", resumed: false },
    "Kitchen_Lab: recording started by schedule #3 (1080p)",
    "Kitchen_Lab : enregistrement lancé par la planification n° 3 (1080p)",
  ],
  [
    "started by hand, audio only",
    "recording",
    "started",
    { ...job, schedule_id: null, quality: "audio_only", resumed: false },
    "Kitchen_Lab: recording started by hand (audio_only)",
    "Kitchen_Lab : enregistrement lancé à la main (audio seul)",
  ],
  [
    "resumed",
    "recording",
    "started",
    { ...job, schedule_id: 3, quality: "1080p", resumed: true },
    "Kitchen_Lab: recording resumed after a restart",
    "Kitchen_Lab : enregistrement repris après un redémarrage",
  ],
  [
    "first part opened",
    "recording",
    "part_opened",
    { ...job, part: 1, rendition: "1080p60", reason: "the recording started", cause: "started" },
    "Kitchen_Lab: part 1 opened (1080p60): the recording started",
    "Kitchen_Lab : partie 1 ouverte (1080p60) : l’enregistrement a commencé",
  ],
  [
    "a part on a new session, audio only",
    "recording",
    "part_opened",
    { ...job, part: 2, rendition: "audio only", cause: "new_session" },
    "Kitchen_Lab: part 2 opened (audio only): a new playback session began",
    "Kitchen_Lab : partie 2 ouverte (audio seul) : une nouvelle session de lecture a commencé",
  ],
  [
    "a part after a comeback",
    "recording",
    "part_opened",
    { ...job, part: 3, rendition: "720p30", cause: "came_back" },
    "Kitchen_Lab: part 3 opened (720p30): the broadcast came back within the rejoin window",
    "Kitchen_Lab : partie 3 ouverte (720p30) : le direct a repris dans le délai de reprise",
  ],
  [
    "a part for a new rendition",
    "recording",
    "part_opened",
    { ...job, part: 2, rendition: "1080p60", cause: "rendition_changed", from: "720p60", to: "1080p60" },
    "Kitchen_Lab: part 2 opened (1080p60): the rendition changed from 720p60 to 1080p60",
    "Kitchen_Lab : partie 2 ouverte (1080p60) : la qualité est passée de 720p60 à 1080p60",
  ],
  [
    "a part after a split",
    "recording",
    "part_opened",
    { ...job, part: 2, rendition: "1080p60", cause: "split" },
    "Kitchen_Lab: part 2 opened (1080p60): the previous part reached its size or length limit",
    "Kitchen_Lab : partie 2 ouverte (1080p60) : la partie précédente a atteint sa taille ou sa durée maximale",
  ],
  [
    "a part closed at the end",
    "recording",
    "part_closed",
    { ...job, part: 1, reason: "the broadcast ended", seconds: 3600, bytes: 3 * GiB, cause: "ended" },
    "Kitchen_Lab: part 1 closed (60 min, 3072.0 MiB): the broadcast ended",
    `Kitchen_Lab : partie 1 fermée (60${NB}min, 3072,0${NB}Mo) : le direct est terminé`,
  ],
  [
    "a part closed for a new rendition",
    "recording",
    "part_closed",
    {
      ...job,
      part: 1,
      seconds: 95,
      bytes: 1_500_000,
      cause: "rendition_changed",
      from: "720p60",
      to: "1080p60",
    },
    "Kitchen_Lab: part 1 closed (2 min, 1.4 MiB): the rendition changed to 1080p60",
    `Kitchen_Lab : partie 1 fermée (2${NB}min, 1,4${NB}Mo) : la qualité est passée à 1080p60`,
  ],
  [
    "a part closed at its limit",
    "recording",
    "part_closed",
    { ...job, part: 4, seconds: 45, bytes: 0, cause: "split" },
    "Kitchen_Lab: part 4 closed (45 s, 0.0 MiB): it reached its size or length limit",
    `Kitchen_Lab : partie 4 fermée (45${NB}s, 0,0${NB}Mo) : elle a atteint sa taille ou sa durée maximale`,
  ],
  [
    "a part closed, stalled",
    "recording",
    "part_closed",
    { ...job, part: 1, seconds: 30, bytes: 1024 * 1024, cause: "stalled", stall_seconds: 120 },
    "Kitchen_Lab: part 1 closed (30 s, 1.0 MiB): no progress for 120 s",
    `Kitchen_Lab : partie 1 fermée (30${NB}s, 1,0${NB}Mo) : aucune progression depuis 120 s`,
  ],
  [
    "a part closed, the stream gone",
    "recording",
    "part_closed",
    { ...job, part: 1, seconds: 600, bytes: 100 * 1024 * 1024, cause: "went_away" },
    "Kitchen_Lab: part 1 closed (10 min, 100.0 MiB): the stream went away (offline, or no new segments)",
    `Kitchen_Lab : partie 1 fermée (10${NB}min, 100,0${NB}Mo) : le flux a disparu (hors ligne, ou plus de nouveaux segments)`,
  ],
  [
    "a part closed, cancelled",
    "recording",
    "part_closed",
    { ...job, part: 1, seconds: 89.6, bytes: 5 * 1024 * 1024, cause: "cancelled" },
    "Kitchen_Lab: part 1 closed (90 s, 5.0 MiB): the recording was cancelled",
    `Kitchen_Lab : partie 1 fermée (90${NB}s, 5,0${NB}Mo) : l’enregistrement a été annulé`,
  ],
  [
    "a part closed, failed",
    "recording",
    "part_closed",
    { ...job, part: 1, seconds: 10, bytes: 2 * 1024 * 1024, cause: "failed", error: "EIO: i/o error" },
    "Kitchen_Lab: part 1 closed (10 s, 2.0 MiB): the recording failed: EIO: i/o error",
    `Kitchen_Lab : partie 1 fermée (10${NB}s, 2,0${NB}Mo) : l’enregistrement a échoué : EIO: i/o error`,
  ],
  [
    "an ad break",
    "recording",
    "ads_skipped",
    { ...job, seconds: 30 },
    "Kitchen_Lab: ad break skipped (30 s)",
    `Kitchen_Lab : coupure publicitaire ignorée (30${NB}s)`,
  ],
  [
    "a gap, disk full",
    "recording",
    "gap",
    { ...job, seconds: 4, reason: "disk_full" },
    "Kitchen_Lab: 4 s of the broadcast lost: the disk was full",
    `Kitchen_Lab : passage de 4${NB}s perdu : le disque était plein`,
  ],
  [
    "a gap, Twitch's window",
    "recording",
    "gap",
    { ...job, seconds: 180, reason: "window_rolled" },
    "Kitchen_Lab: 3 min of the broadcast lost: it left Twitch's window before it was fetched",
    `Kitchen_Lab : passage de 3${NB}min perdu : il a quitté la fenêtre de Twitch avant d’être téléchargé`,
  ],
  [
    "a gap, fetches failed",
    "recording",
    "gap",
    { ...job, seconds: 6, reason: "fetch_failed" },
    "Kitchen_Lab: 6 s of the broadcast lost: its segments could not be fetched",
    `Kitchen_Lab : passage de 6${NB}s perdu : ses segments n’ont pas pu être téléchargés`,
  ],
  [
    "a gap, a restart",
    "recording",
    "gap",
    { ...job, seconds: 12, reason: "restart" },
    "Kitchen_Lab: 12 s of the broadcast lost: replayd was not running",
    `Kitchen_Lab : passage de 12${NB}s perdu : replayd ne tournait pas`,
  ],
  [
    "a gap, unreadable",
    "recording",
    "gap",
    { ...job, seconds: 2, reason: "malformed" },
    "Kitchen_Lab: 2 s of the broadcast lost: its segments were unreadable",
    `Kitchen_Lab : passage de 2${NB}s perdu : ses segments étaient illisibles`,
  ],
  [
    "paused (the pause's reason is the server's)",
    "recording",
    "paused",
    { ...job, reason: "the disk is full" },
    "Kitchen_Lab: recording paused: the disk is full",
    "Kitchen_Lab : enregistrement en pause : the disk is full",
  ],
  [
    "paused, no reason",
    "recording",
    "paused",
    { ...job, reason: null },
    "Kitchen_Lab: recording paused: low disk space",
    "Kitchen_Lab : enregistrement en pause : espace disque insuffisant",
  ],
  [
    "unpaused",
    "recording",
    "unpaused",
    job,
    "Kitchen_Lab: recording goes on: the pause is over",
    "Kitchen_Lab : l’enregistrement continue : la pause est terminée",
  ],
  [
    "finished",
    "recording",
    "finished",
    { ...job, partial: false },
    "Kitchen_Lab: recording finished",
    "Kitchen_Lab : enregistrement terminé",
  ],
  [
    "finished, partial",
    "recording",
    "finished",
    { ...job, partial: true },
    "Kitchen_Lab: recording finished, partial: part of the broadcast was lost",
    "Kitchen_Lab : enregistrement terminé, partiel : une partie du direct a été perdue",
  ],
  [
    "failed",
    "recording",
    "failed",
    { ...job, reason: "the disk died" },
    "Kitchen_Lab: recording failed: the disk died",
    "Kitchen_Lab : échec de l’enregistrement : the disk died",
  ],
  [
    "failed, no reason",
    "recording",
    "failed",
    { ...job, reason: null },
    "Kitchen_Lab: recording failed: unknown error",
    "Kitchen_Lab : échec de l’enregistrement : erreur inconnue",
  ],
  [
    "cancelled",
    "recording",
    "cancelled",
    job,
    "Kitchen_Lab: recording cancelled; what it holds is kept",
    "Kitchen_Lab : enregistrement annulé ; ce qu’il contient est conservé",
  ],

  // eventsub (src/eventsub/subscriptions.service.ts, inbox.service.ts)
  [
    "subscription created",
    "eventsub",
    "subscription_created",
    {
      type: "stream.online",
      subscription_id: "s1",
      status: "webhook_callback_verification_pending",
      cost: 1,
    },
    "EventSub stream.online subscription created (webhook_callback_verification_pending)",
    "abonnement EventSub stream.online créé (vérification en attente)",
  ],
  [
    "subscription verified",
    "eventsub",
    "subscription_verified",
    { subscription_id: "s1", type: "stream.online" },
    "EventSub stream.online subscription verified: Twitch sends its events now",
    "abonnement EventSub stream.online vérifié : Twitch envoie désormais ses événements",
  ],
  [
    "subscription revoked",
    "eventsub",
    "subscription_revoked",
    { subscription_id: "s1", type: "stream.offline", reason: "user_removed" },
    "Twitch revoked the EventSub stream.offline subscription (user_removed): live detection misses that " +
      "channel until the next reconcile",
    "Twitch a révoqué l’abonnement EventSub stream.offline (utilisateur supprimé) : la détection du direct manquera " +
      "cette chaîne jusqu’au prochain alignement",
  ],
  [
    "an unknown subscription revoked",
    "eventsub",
    "subscription_revoked",
    { subscription_id: "s9", type: null, reason: "authorization_revoked" },
    "Twitch revoked the EventSub subscription (authorization_revoked): live detection misses that channel " +
      "until the next reconcile",
    "Twitch a révoqué l’abonnement EventSub (autorisation révoquée) : la détection du direct manquera cette " +
      "chaîne jusqu’au prochain alignement",
  ],
  [
    "subscriptions failed",
    "eventsub",
    "subscription_failed",
    { failed: 2, reason: "Helix 429: too many requests" },
    "2 EventSub subscription(s) could not be created: Helix 429: too many requests",
    "abonnements EventSub impossibles à créer : 2 (Helix 429: too many requests)",
  ],
  [
    "reconciled",
    "eventsub",
    "reconciled",
    { created: 3, deleted: 1, kept: 10, watched: 13 },
    "EventSub reconciled: 3 subscriptions created, 1 deleted, 10 kept",
    "EventSub aligné (abonnements créés : 3, supprimés : 1, conservés : 10)",
  ],
  [
    "quota",
    "eventsub",
    "quota",
    { total: 4, total_cost: 4, max_total_cost: 10000 },
    "EventSub cost 4 of 10000 (4 subscriptions)",
    "coût EventSub : 4 sur 10000 (abonnements : 4)",
  ],
  [
    "quota nearly reached",
    "eventsub",
    "quota",
    { total: 9000, total_cost: 9000, max_total_cost: 10000 },
    "EventSub cost 9000 of 10000: new subscriptions will soon be refused (9000 subscriptions)",
    "coût EventSub : 9000 sur 10000, les nouveaux abonnements seront bientôt refusés (abonnements : 9000)",
  ],

  // relay (src/relay/relay.client.ts)
  [
    "relay connected",
    "relay",
    "connected",
    { session: 2, cursor: 41 },
    "relay connected (session 2, resuming after cursor 41)",
    "relais connecté (session 2, reprise après le curseur 41)",
  ],
  [
    "relay lost",
    "relay",
    "disconnected",
    { reason: "heartbeat lost", retry_in_ms: 4000 },
    "relay connection lost (heartbeat lost); reconnecting in 4 s",
    "connexion au relais perdue (heartbeat lost) ; reconnexion dans 4 s",
  ],
  [
    "relay closed without a reason",
    "relay",
    "disconnected",
    { reason: "", retry_in_ms: 1500 },
    "relay connection lost (closed); reconnecting in 2 s",
    "connexion au relais perdue (fermée) ; reconnexion dans 2 s",
  ],

  // auth (src/auth/auth.service.ts; tests/e2e/auth.test.ts)
  [
    "signed in",
    "auth",
    "sign_in",
    { login: "sim_viewer", role: "owner" },
    "sim_viewer signed in (owner)",
    "connexion de sim_viewer (propriétaire)",
  ],
  [
    "sign-in refused",
    "auth",
    "sign_in_refused",
    { login: "code_garden", twitch_user_id: "1234", reason: "not_whitelisted" },
    "sign-in refused: Twitch user code_garden (1234) is not on the whitelist",
    "connexion refusée : l’utilisateur Twitch code_garden (1234) n’est pas sur la liste blanche",
  ],

  // settings and schedules changed (src/trpc: `audited`, src/activity/activity.service.ts)
  [
    "a role changed",
    "settings",
    "changed",
    { user_id: "42", role: "admin", by: "ada", procedure: "system.updateUserRole" },
    "ada made user 42 admin",
    "ada a donné le rôle admin à l’utilisateur 42",
  ],
  [
    "whitelist added",
    "settings",
    "changed",
    { twitch_user_id: "1234", by: "ada", procedure: "system.addWhitelist" },
    "ada added 1234 to the whitelist",
    "ada a ajouté 1234 à la liste blanche",
  ],
  [
    "whitelist removed",
    "settings",
    "changed",
    { twitch_user_id: "1234", by: "ada", procedure: "system.removeWhitelist" },
    "ada removed 1234 from the whitelist",
    "ada a retiré 1234 de la liste blanche",
  ],
  [
    "playback cache",
    "settings",
    "changed",
    { by: "ada", procedure: "system.updatePlaybackCacheConfig" },
    "ada changed the playback cache",
    "ada a modifié le cache de lecture",
  ],
  [
    "a task turned on",
    "settings",
    "changed",
    { task: "session_cleanup", enabled: true, by: "ada", procedure: "task.toggle" },
    "ada turned maintenance task session_cleanup on",
    "ada a activé la tâche de maintenance session_cleanup",
  ],
  [
    "a task turned off",
    "settings",
    "changed",
    { task: "session_cleanup", enabled: false, by: "ada", procedure: "task.toggle" },
    "ada turned maintenance task session_cleanup off",
    "ada a désactivé la tâche de maintenance session_cleanup",
  ],
  [
    "a notification target added",
    "settings",
    "changed",
    { name: "Phone", kind: "ntfy", by: "ada", procedure: "notification.create" },
    'ada added notification target "Phone" (ntfy)',
    "ada a ajouté la destination de notification « Phone » (ntfy)",
  ],
  [
    "a notification target changed",
    "settings",
    "changed",
    { name: "Phone", by: "ada", procedure: "notification.update" },
    'ada changed notification target "Phone"',
    "ada a modifié la destination de notification « Phone »",
  ],
  [
    "a notification target deleted",
    "settings",
    "changed",
    { id: 4, by: "ada", procedure: "notification.delete" },
    "ada deleted notification target #4",
    "ada a supprimé la destination de notification n° 4",
  ],
  [
    "the recording webhook",
    "settings",
    "changed",
    { by: "ada", procedure: "recordingWebhook.updateConfig" },
    "ada changed the recording webhook",
    "ada a modifié le webhook d’enregistrement",
  ],
  [
    "a new webhook secret",
    "settings",
    "changed",
    { by: "ada", procedure: "recordingWebhook.regenerateSecret" },
    "ada made a new recording-webhook secret",
    "ada a créé un nouveau secret pour le webhook d’enregistrement",
  ],
  [
    "the live detection mode",
    "settings",
    "changed",
    { mode: "relay", by: "ada", procedure: "eventsub.updateConfig" },
    "ada chose live detection mode relay",
    "ada a choisi le mode de détection relais",
  ],
  [
    "a schedule made",
    "schedule",
    "changed",
    { broadcaster_id: "42", by: "ada", procedure: "schedule.create" },
    "ada made a schedule for channel 42",
    "ada a créé une planification pour la chaîne 42",
  ],
  [
    "a schedule changed",
    "schedule",
    "changed",
    { schedule_id: 3, by: "ada", procedure: "schedule.update" },
    "ada changed schedule #3",
    "ada a modifié la planification n° 3",
  ],
  [
    "a schedule toggled",
    "schedule",
    "changed",
    { schedule_id: 3, by: "ada", procedure: "schedule.toggle" },
    "ada turned schedule #3 on or off",
    "ada a activé ou désactivé la planification n° 3",
  ],
  [
    "a schedule deleted",
    "schedule",
    "changed",
    { schedule_id: 3, by: "ada", procedure: "schedule.delete" },
    "ada deleted schedule #3",
    "ada a supprimé la planification n° 3",
  ],
  [
    "every schedule paused",
    "schedule",
    "changed",
    { paused: true, by: "ada", procedure: "schedule.setPaused" },
    "ada paused every schedule",
    "ada a mis toutes les planifications en pause",
  ],
  [
    "every schedule resumed",
    "schedule",
    "changed",
    { paused: false, by: "ada", procedure: "schedule.setPaused" },
    "ada resumed every schedule",
    "ada a repris toutes les planifications",
  ],

  // the service account (src/auth/service-account.service.ts and its test)
  [
    "service account set",
    "settings",
    "service_account_set",
    { login: "speedrun_sam" },
    "service account set to speedrun_sam",
    "compte de service choisi : speedrun_sam",
  ],
  [
    "service account removed",
    "settings",
    "service_account_removed",
    { login: "speedrun_sam" },
    "service account speedrun_sam removed",
    "compte de service speedrun_sam retiré",
  ],
  [
    "service account refresh failed",
    "settings",
    "service_account_failed",
    { cause: "refresh_failed", error: "Twitch refused the refresh_token request: Invalid refresh token" },
    "service account: cannot refresh its token: Twitch refused the refresh_token request: Invalid refresh " +
      "token; recording anonymously until it works again",
    "compte de service : impossible de renouveler son jeton : Twitch refused the refresh_token request: " +
      "Invalid refresh token ; enregistrement anonyme jusqu’à ce qu’il fonctionne de nouveau",
  ],
  [
    "service account refused",
    "settings",
    "service_account_failed",
    { cause: "refused" },
    "service account: Twitch refused its token for playback (revoked, or not accepted by Twitch's player); " +
      "recording anonymously until it works again",
    "compte de service : Twitch a refusé son jeton pour la lecture (révoqué, ou refusé par le lecteur de " +
      "Twitch) ; enregistrement anonyme jusqu’à ce qu’il fonctionne de nouveau",
  ],

  // tasks (src/tasks/scheduler.ts, standard-tasks.ts; tests/e2e/category-metadata.test.ts)
  [
    "a task without a summary",
    "task",
    "run_success",
    { task: "eventsub_snapshot", duration_ms: 85 },
    "task eventsub_snapshot succeeded in 85 ms",
    "tâche eventsub_snapshot réussie en 85 ms",
  ],
  ...(
    [
      ["recording_delete_requested", { removed: 2 }, "2 recordings deleted", "enregistrements supprimés : 2"],
      ["recordings_retention", { removed: 0 }, "0 recordings deleted", "enregistrements supprimés : 0"],
      [
        "eventsub_reconcile_channels",
        { created: 1, deleted: 2 },
        "1 created, 2 deleted",
        "créés : 1, supprimés : 2",
      ],
      [
        "category_art_sync",
        { updated: 5, igdb_ids: 2 },
        "5 categories updated",
        "catégories mises à jour : 5",
      ],
      [
        "category_metadata_sync",
        { checked: 121, described: 97 },
        "121 categories checked on IGDB, 97 described",
        "catégories vérifiées sur IGDB : 121, décrites : 97",
      ],
      [
        "playback_cache_reconcile",
        {
          skipped: null,
          evicted: 2,
          freed_bytes: 1.5 * GiB,
          stale: 1,
          used_bytes: 8 * GiB,
          budget_bytes: 10 * GiB,
        },
        "2 files evicted (1.5 GiB), 1 stale entries removed; 8 GiB of 10 GiB in use",
        `fichiers retirés : 2 (1,5${NB}Go), entrées périmées supprimées : 1 ; 8${NB}Go utilisés sur 10${NB}Go`,
      ],
      ["session_cleanup", { deleted: 3 }, "3 expired sessions deleted", "sessions expirées supprimées : 3"],
      [
        "api_token_cleanup",
        { deleted: 1 },
        "1 expired API tokens deleted",
        "jetons d’API expirés supprimés : 1",
      ],
      [
        "fetch_logs_retention",
        { deleted: 900 },
        "900 fetch logs deleted",
        "journaux d’appels supprimés : 900",
      ],
      ["event_logs_retention", { deleted: 12 }, "12 event logs deleted", "événements supprimés : 12"],
      ["webhook_payload_trim", { trimmed: 40 }, "40 payloads dropped", "contenus effacés : 40"],
      [
        "recording_webhook_deliveries_retention",
        { deleted: 6 },
        "6 finished deliveries deleted",
        "envois terminés supprimés : 6",
      ],
      [
        "notification_deliveries_retention",
        { deleted: 7 },
        "7 finished notifications deleted",
        "notifications terminées supprimées : 7",
      ],
    ] as [string, Record<string, unknown>, string, string][]
  ).map(
    ([name, data, summary, french]): Row => [
      `task ${name} succeeded`,
      "task",
      "run_success",
      { task: name, duration_ms: 12, ...data },
      `task ${name} succeeded in 12 ms: ${summary}`,
      `tâche ${name} réussie en 12 ms : ${french}`,
    ],
  ),
  ...(
    [
      [
        "eventsub_reconcile_channels",
        "this server mode uses no EventSub",
        "ce mode de serveur n’utilise pas EventSub",
      ],
      ["eventsub_snapshot", "this server mode uses no EventSub", "ce mode de serveur n’utilise pas EventSub"],
      [
        "category_metadata_sync",
        "no Twitch application configured (TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET): IGDB takes its credentials",
        "aucune application Twitch configurée (TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET) : IGDB utilise ses identifiants",
      ],
      ["playback_cache_reconcile", "the playback cache is off", "le cache de lecture est désactivé"],
      [
        "fetch_logs_retention",
        "fetch logs are kept forever",
        "les journaux d’appels sont conservés indéfiniment",
      ],
      ["event_logs_retention", "event logs are kept forever", "les événements sont conservés indéfiniment"],
    ] as [string, string, string][]
  ).map(
    ([name, summary, french]): Row => [
      `task ${name} skipped`,
      "task",
      "run_skipped",
      { task: name, duration_ms: 0 },
      `task ${name} skipped in 0 ms: ${summary}`,
      `tâche ${name} sautée en 0 ms : ${french}`,
    ],
  ),
  [
    "a task failed",
    "task",
    "run_failed",
    {
      task: "recordings_retention",
      duration_ms: 310,
      error: "1 of 3 recordings could not be deleted (EACCES)",
    },
    "task recordings_retention failed after 310 ms: 1 of 3 recordings could not be deleted (EACCES)",
    "tâche recordings_retention échouée après 310 ms : 1 of 3 recordings could not be deleted (EACCES)",
  ],

  // the data folder's disk (src/activity/disk-log.ts; messages: src/system/disk-space.test.ts)
  [
    "disk full, under the floor",
    "system",
    "disk_low",
    {
      free_bytes: 1.25 * GiB,
      floor_bytes: 2 * GiB,
      total_bytes: 500 * GiB,
      resume_bytes: 2 * GiB + 64 * 2 ** 20,
      level: "full",
    },
    "1.2 GiB free on the data folder's disk, under the 2 GiB floor: recordings are paused until space is freed " +
      "(MIN_FREE_BYTES, MIN_FREE_PERCENT)",
    `1,2${NB}Go libres sur le disque du dossier de données, sous le seuil de 2${NB}Go : les enregistrements ` +
      "sont en pause jusqu’à ce que de l’espace soit libéré (MIN_FREE_BYTES, MIN_FREE_PERCENT)",
  ],
  [
    "disk full, a small disk",
    "system",
    "disk_low",
    {
      free_bytes: 0.5 * GiB,
      floor_bytes: GiB,
      total_bytes: 20 * GiB,
      resume_bytes: 1127428915,
      level: "full",
    },
    "512 MiB free on the data folder's disk, under the 1 GiB floor: recordings are paused until space is freed " +
      "(MIN_FREE_BYTES, MIN_FREE_PERCENT)",
    `512${NB}Mo libres sur le disque du dossier de données, sous le seuil de 1${NB}Go : les enregistrements ` +
      "sont en pause jusqu’à ce que de l’espace soit libéré (MIN_FREE_BYTES, MIN_FREE_PERCENT)",
  ],
  [
    "disk full, just over the floor",
    "system",
    "disk_low",
    {
      free_bytes: 2201170739,
      floor_bytes: 2 * GiB,
      total_bytes: 500 * GiB,
      resume_bytes: 2 * GiB + 64 * 2 ** 20,
      level: "full",
    },
    "2 GiB free on the data folder's disk, just over the 2 GiB floor: recordings stay paused until 2.1 GiB are " +
      "free (MIN_FREE_BYTES, MIN_FREE_PERCENT)",
    `2${NB}Go libres sur le disque du dossier de données, juste au-dessus du seuil de 2${NB}Go : les ` +
      `enregistrements restent en pause jusqu’à ce que 2,1${NB}Go soient libres (MIN_FREE_BYTES, MIN_FREE_PERCENT)`,
  ],
  [
    "disk low",
    "system",
    "disk_low",
    {
      free_bytes: 3 * GiB,
      floor_bytes: 2 * GiB,
      total_bytes: 500 * GiB,
      resume_bytes: 2 * GiB,
      level: "low",
    },
    "3 GiB free on the data folder's disk, close to the 2 GiB floor: recordings pause below it",
    `3${NB}Go libres sur le disque du dossier de données, près du seuil de 2${NB}Go : les enregistrements se ` +
      "mettent en pause en dessous",
  ],
  [
    "disk better: full to low",
    "system",
    "disk_better",
    {
      free_bytes: 2.2 * GiB,
      floor_bytes: 2 * GiB,
      total_bytes: 500 * GiB,
      resume_bytes: 2 * GiB,
      level: "low",
    },
    "2.2 GiB free on the data folder's disk, close to the 2 GiB floor: recordings pause below it",
    `2,2${NB}Go libres sur le disque du dossier de données, près du seuil de 2${NB}Go : les enregistrements se ` +
      "mettent en pause en dessous",
  ],
  [
    "disk fine again",
    "system",
    "disk_ok",
    { free_bytes: 4.2 * GiB, floor_bytes: 2 * GiB, total_bytes: 500 * GiB, resume_bytes: 2 * GiB },
    "4.2 GiB of 500 GiB free on the data folder's disk (floor 2 GiB)",
    `disque du dossier de données : 4,2${NB}Go libres sur 500${NB}Go (seuil : 2${NB}Go)`,
  ],
  [
    "disk fine, no floor",
    "system",
    "disk_ok",
    { free_bytes: 0, floor_bytes: 0, total_bytes: 10 * GiB, resume_bytes: 0 },
    "0 B of 10 GiB free on the data folder's disk; no floor (min_free_bytes or min_free_percent is 0)",
    `disque du dossier de données : 0${NB}o libres sur 10${NB}Go ; aucun seuil (min_free_bytes ou ` +
      "min_free_percent vaut 0)",
  ],
];

const entry = (
  domain: string,
  type: string,
  data: Record<string, unknown> | null,
  message: string,
): LoggedEntry => ({
  domain,
  event_type: type,
  message,
  data,
});

describe("every entry the server writes", () => {
  test.each(ROWS)("%s: English is the server's message", (_what, domain, type, data, server) => {
    // Worded from type and data, not the stored message: a different one must not show through.
    expect(eventMessage(entry(domain, type, data, "(stored message)"), EN, "en")).toEqual({
      text: server,
      lang: "en",
      english: [],
    });
  });

  test.each(ROWS)("%s: in French", (_what, domain, type, data, server, french) => {
    expect(eventMessage(entry(domain, type, data, server), FR, "fr")).toMatchObject({
      text: french,
      lang: "fr",
    });
  });
});

test("every reason a go-live is not recorded for has words", () => {
  const worded = new Set(ROWS.filter((r) => r[2] === "not_recorded").map((r) => r[3].reason));
  expect(NOT_RECORDED_REASONS.filter((reason) => !worded.has(reason))).toEqual([]);
});

describe("what cannot be worded reads as the server wrote it, in English", () => {
  test.each<[string, LoggedEntry]>([
    [
      "an event type this build does not know",
      entry("recording", "rewound", { ...job }, "Kitchen_Lab: rewound"),
    ],
    ["a domain this build does not know", entry("chat", "joined", {}, "chat joined")],
    ["a domain named like a prototype's key", entry("constructor", "name", {}, "odd")],
    ["no data at all (an old row)", entry("live", "online", null, "Kitchen_Lab went live")],
    [
      "a value the words need is missing (a part from before causes were kept)",
      entry(
        "recording",
        "part_opened",
        { ...job, part: 1, rendition: "1080p60", reason: "the recording started" },
        "Kitchen_Lab: part 1 opened (1080p60): the recording started",
      ),
    ],
    [
      "a started entry from before `resumed` was kept",
      entry(
        "recording",
        "started",
        { ...job, schedule_id: 3, quality: "1080p" },
        "Kitchen_Lab: recording started",
      ),
    ],
    [
      "a no-match from before the unmet rules were kept",
      entry(
        "live",
        "not_recorded",
        { ...stream, reason: "no_match", detail: "viewers 12 < 50 (schedule #3)" },
        "Kitchen_Lab is live but not recorded: viewers 12 < 50 (schedule #3)",
      ),
    ],
    [
      "a reason this build does not know",
      entry(
        "live",
        "not_recorded",
        { ...stream, reason: "moon_phase" },
        "Kitchen_Lab is live but not recorded",
      ),
    ],
    [
      "an unmet rule this build does not know",
      entry(
        "live",
        "not_recorded",
        { ...stream, reason: "no_match", schedules: [{ schedule_id: 3, unmet: [{ rule: "language" }] }] },
        "Kitchen_Lab is live but not recorded: language (schedule #3)",
      ),
    ],
    [
      "a value of the wrong kind",
      entry(
        "relay",
        "connected",
        { session: "2", cursor: 41 },
        "relay connected (session 2, resuming after cursor 41)",
      ),
    ],
    [
      "a change by a procedure this build does not know",
      entry("settings", "changed", { by: "ada", procedure: "video.delete" }, "ada deleted a video"),
    ],
    [
      "a change from before its values were kept",
      entry("schedule", "changed", { by: "ada", procedure: "schedule.update" }, "ada changed schedule #3"),
    ],
    [
      "a task this build does not know",
      entry(
        "task",
        "run_success",
        { task: "future_task", duration_ms: 3 },
        "task future_task succeeded in 3 ms: 9 things",
      ),
    ],
    [
      "a gap reason this build does not know",
      entry(
        "recording",
        "gap",
        { ...job, seconds: 2, reason: "lost" },
        "Kitchen_Lab: 2 s of the broadcast lost: lost",
      ),
    ],
    [
      "a service account failure from before its cause was kept",
      entry("settings", "service_account_failed", null, "service account: …; recording anonymously"),
    ],
  ])("%s", (_what, logged) => {
    expect(eventMessage(logged, FR, "fr")).toEqual({ text: logged.message, lang: "en", english: [] });
    expect(eventMessage(logged, EN, "en")).toEqual({ text: logged.message, lang: "en", english: [] });
  });
});

describe("the server's own words quoted in a French sentence are marked English", () => {
  const pieces = (what: string) => {
    const row = ROWS.find((r) => r[0] === what) as Row;
    return messagePieces(eventMessage(entry(row[1], row[2], row[3], row[4]), FR, "fr"));
  };

  test.each<[string, [string, string][]]>([
    [
      "not recorded: an error",
      [
        ["Kitchen_Lab est en direct, sans enregistrement : l’enregistrement n’a pas pu démarrer : ", "fr"],
        ["the database went away", "en"],
      ],
    ],
    [
      "not recorded: no ffmpeg",
      [
        ["Kitchen_Lab est en direct, sans enregistrement : impossible d’enregistrer kitchen_lab : ", "fr"],
        ["ffmpeg not found (FFMPEG_PATH): recordings cannot start", "en"],
      ],
    ],
    [
      "a part closed, failed",
      [
        [`Kitchen_Lab : partie 1 fermée (10${NB}s, 2,0${NB}Mo) : l’enregistrement a échoué : `, "fr"],
        ["EIO: i/o error", "en"],
      ],
    ],
    [
      "paused (the pause's reason is the server's)",
      [
        ["Kitchen_Lab : enregistrement en pause : ", "fr"],
        ["the disk is full", "en"],
      ],
    ],
    [
      "failed",
      [
        ["Kitchen_Lab : échec de l’enregistrement : ", "fr"],
        ["the disk died", "en"],
      ],
    ],
    [
      "subscriptions failed",
      [
        ["abonnements EventSub impossibles à créer : 2 (", "fr"],
        ["Helix 429: too many requests", "en"],
        [")", "fr"],
      ],
    ],
    [
      "relay lost",
      [
        ["connexion au relais perdue (", "fr"],
        ["heartbeat lost", "en"],
        [") ; reconnexion dans 4 s", "fr"],
      ],
    ],
    [
      "service account refresh failed",
      [
        ["compte de service : impossible de renouveler son jeton : ", "fr"],
        ["Twitch refused the refresh_token request: Invalid refresh token", "en"],
        [" ; enregistrement anonyme jusqu’à ce qu’il fonctionne de nouveau", "fr"],
      ],
    ],
    [
      "a task failed",
      [
        ["tâche recordings_retention échouée après 310 ms : ", "fr"],
        ["1 of 3 recordings could not be deleted (EACCES)", "en"],
      ],
    ],
    ["went live", [["Kitchen_Lab est en direct : Cooking (Just Chatting)", "fr"]]],
    ["relay closed without a reason", [["connexion au relais perdue (fermée) ; reconnexion dans 2 s", "fr"]]],
  ])("%s", (what, expected) => {
    expect(pieces(what).map((p) => [p.text, p.lang])).toEqual(expected);
  });

  test("an English page, or the stored message, is one piece", () => {
    const row = ROWS.find((r) => r[0] === "a task failed") as Row;
    const english = eventMessage(entry(row[1], row[2], row[3], row[4]), EN, "en");
    expect(messagePieces(english)).toEqual([{ text: row[4], lang: "en" }]);
    expect(messagePieces({ text: "as stored", lang: "en", english: [] })).toEqual([
      { text: "as stored", lang: "en" },
    ]);
  });

  test("quoted words are found in the order they appear, each once", () => {
    expect(messagePieces({ text: "a B c A d", lang: "fr", english: ["A", "B", "zz"] })).toEqual([
      { text: "a ", lang: "fr" },
      { text: "B", lang: "en" },
      { text: " c ", lang: "fr" },
      { text: "A", lang: "en" },
      { text: " d", lang: "fr" },
    ]);
  });
});

test("every Twitch status and live detection mode the server names has words", () => {
  for (const status of SUBSCRIPTION_STATUSES) {
    expect(EN.t(`logs.messages.words.status.${status}`)).toBe(status);
    expect(FR.exists(`logs.messages.words.status.${status}`)).toBe(true);
  }
  for (const mode of SERVER_MODES) {
    expect(EN.t(`logs.messages.words.modes.${mode}`)).toBe(mode);
    expect(FR.exists(`logs.messages.words.modes.${mode}`)).toBe(true);
  }
});
