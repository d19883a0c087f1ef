import type { Redis } from "ioredis";
import { RedisBus } from "../bus/redis.ts";
import { BusRoomRelay, collabCodecs, type CollabTopics } from "./bus.ts";

export type RedisRoomBusOptions = {
  publisher: Redis;
  reader: Redis;
  /** Stream key, e.g. `minka:collab`. */
  stream: string;
  maxLength?: number;
  onError?: (error: unknown, room: string | null) => void;
};

/**
 * A RoomBus on a Redis event bus of its own (for benchmarks and tests that run the collaboration
 * server alone; the app's server shares its one bus instead, see server/index.ts).
 */
export class RedisRoomBus extends BusRoomRelay {
  private readonly redisBus: RedisBus<CollabTopics>;

  constructor(options: RedisRoomBusOptions) {
    const bus = new RedisBus<CollabTopics>({
      publisher: options.publisher,
      reader: options.reader,
      stream: options.stream,
      maxLength: options.maxLength,
      codecs: collabCodecs,
      onError: (error) => options.onError?.(error, null),
    });
    super(bus, (error, room) => options.onError?.(error, room));
    this.redisBus = bus;
  }

  override async close(): Promise<void> {
    await super.close();
    await this.redisBus.close();
  }
}
