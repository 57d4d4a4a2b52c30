/**
 * Joins a channel on the chat server at argv[2], closes the connection once the channel is read, then
 * leaves nothing behind: the process must exit on its own (chat-connection.test.ts times it).
 */
import { createLogger } from "../../src/log/logger.ts";
import { ChatConnection } from "../../src/twitch/irc/chat-connection.ts";

const url = process.argv[2] ?? "";
const connection: ChatConnection = new ChatConnection({
  url,
  log: createLogger({ level: "fatal", format: "json" }),
  events: {
    onMessage() {},
    onDown() {},
    onUp() {
      connection.close().then(
        () => console.log("closed"),
        (error) => console.error(error),
      );
    },
  },
});
connection.join("dallas");
