// The chat shapes the panel reads. Temporary mirror of the server's ChatMessage until chat.router lands.

export interface ChatLine {
  id: number;
  offset_seconds: number;
  sent_at: string;
  kind: string;
  user_login: string | null;
  display_name: string | null;
  color: string | null;
  text: string;
  system_text: string | null;
  action: boolean;
  badges: { set_id: string; version: string }[];
  emotes: { id: string; begin: number; end: number }[];
  bits: number;
  reply: { msg_id: string; user_login: string; display_name: string; text: string } | null;
  params: Record<string, string>;
  deleted: boolean;
}

export interface ChatGapLine {
  reason: string;
  offset_seconds: number;
  duration_seconds: number;
}
