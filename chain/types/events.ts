/** ABCI events as CometBFT 0.38 / SDK 0.50 carry them: plain string attributes, non-empty keys. */
export interface EventAttribute {
  key: string;
  value: string;
  index: boolean;
}

export interface AbciEvent {
  type: string;
  attributes: EventAttribute[];
}

export function event(type: string, attrs: Array<[string, string]>): AbciEvent {
  return { type, attributes: attrs.map(([key, value]) => ({ key, value, index: true })) };
}

/** Collects events in emission order; a branch's events are kept only if the branch is written. */
export class EventManager {
  private readonly list: AbciEvent[] = [];

  emit(ev: AbciEvent): void {
    if (ev.attributes.some((a) => a.key === '')) throw new Error(`event ${ev.type} has an attribute with an empty key`);
    this.list.push(ev);
  }

  emitAll(evs: readonly AbciEvent[]): void {
    for (const ev of evs) this.emit(ev);
  }

  events(): AbciEvent[] {
    return [...this.list];
  }
}
