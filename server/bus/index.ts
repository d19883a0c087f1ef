import { Redis } from "ioredis";
import type { Logger } from "pino";
import { LocalBus, type Bus } from "../../app/bus.ts";
import type { Codecs } from "./codecs.ts";
import { RedisBus } from "./redis.ts";

export { appCodecs, jsonCodec, type Codec, type Codecs } from "./codecs.ts";
export { RedisBus } from "./redis.ts";

export type BusOptions<T> = {
  logger: Logger;
  /** With a Redis URL the bus spans every node sharing it; without, this process only. */
  redisUrl?: string;
  /** Key prefix shared by the nodes of one deployment (REDIS_PREFIX). */
  prefix: string;
  codecs: Codecs<T>;
};

/** The process's event bus (built once, by the composition root in server/index.ts). */
export function createBus<T>(options: BusOptions<T>): Bus<T> {
  const logger = options.logger.child({ component: "bus" });
  if (!options.redisUrl) {
    return new LocalBus<T>((error, topic) => logger.error({ err: error, topic }, "bus: subscriber failed"));
  }
  // Unlimited retries: messages published while Redis is away wait in the queue, not dropped.
  const connect = (name: string) => {
    const client = new Redis(options.redisUrl!, { maxRetriesPerRequest: null, connectionName: name });
    client.on("error", () => {});
    return client;
  };
  return new RedisBus<T>({
    publisher: connect("minka-bus"),
    reader: connect("minka-bus-reader"),
    stream: `${options.prefix}:bus`,
    codecs: options.codecs,
    onError: (error, topic) => logger.warn({ err: error, topic }, "bus: Redis"),
  });
}
