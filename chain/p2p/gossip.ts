/**
 * Gossip channels on gossipsub: one topic per channel. Inbound messages pass admitMessage as the topic validator
 * (so gossipsub neither delivers nor relays what we reject, and its own peer score sees the rejection too); accepted
 * ones are delivered with the relaying peer as `from`.
 */
import { TopicValidatorResult, type GossipsubMessage } from '@libp2p/gossipsub';
import { gossipTopic, type ChannelRegistry, type ChannelSpec, type Verdict } from './channels.js';
import type { Deliver, HostContext } from './context.js';
import { admitMessage } from './inbound.js';

const TO_GOSSIPSUB: Record<Verdict, TopicValidatorResult> = {
  accept: TopicValidatorResult.Accept,
  ignore: TopicValidatorResult.Ignore,
  reject: TopicValidatorResult.Reject,
};

export class GossipChannels {
  private readonly byTopic = new Map<string, ChannelSpec>();
  private readonly onMessage = (evt: CustomEvent<GossipsubMessage>): void => {
    const { msg, propagationSource } = evt.detail;
    const spec = this.byTopic.get(msg.topic);
    if (spec) this.deliver(spec.name, msg.data, propagationSource.toString());
  };

  constructor(
    private readonly ctx: HostContext,
    private readonly registry: ChannelRegistry,
    private readonly deliver: Deliver,
  ) {}

  start(): void {
    const pubsub = this.ctx.libp2p.services.pubsub;
    for (const spec of this.registry.all().filter((s) => s.kind === 'gossip')) {
      const topic = gossipTopic(this.ctx.chainId, spec.name);
      this.byTopic.set(topic, spec);
      pubsub.topicValidators.set(
        topic,
        async (peer, msg) =>
          TO_GOSSIPSUB[await admitMessage(this.ctx, spec.name, spec, spec.validate, peer.toString(), msg.data)],
      );
      pubsub.subscribe(topic);
    }
    pubsub.addEventListener('gossipsub:message', this.onMessage);
  }

  stop(): void {
    const pubsub = this.ctx.libp2p.services.pubsub;
    pubsub.removeEventListener('gossipsub:message', this.onMessage);
    for (const topic of this.byTopic.keys()) {
      pubsub.topicValidators.delete(topic);
      pubsub.unsubscribe(topic);
    }
    this.byTopic.clear();
  }

  /** Publishes to every subscribed peer; resolves with how many peers it was sent to (0 on a lone node). */
  async publish(channel: string, data: Uint8Array): Promise<number> {
    const spec = this.registry.get(channel);
    if (spec.kind !== 'gossip') throw new Error(`channel ${channel} is not a gossip channel`);
    if (data.length > spec.maxMessageBytes)
      throw new Error(`${channel}: message of ${data.length} bytes exceeds ${spec.maxMessageBytes}`);
    return this.publishUnchecked(spec, data);
  }

  private async publishUnchecked(spec: ChannelSpec, data: Uint8Array): Promise<number> {
    const res = await this.ctx.libp2p.services.pubsub.publish(gossipTopic(this.ctx.chainId, spec.name), data);
    this.ctx.metrics.messageSent(spec.name, data.length);
    return res.recipients.length;
  }

  /**
   * The channel's mesh: the peers we relay its messages to. Gossipsub builds it on its heartbeat (about 1 s after a
   * peer subscribes); until then a message we relay reaches only peers that ask for it.
   */
  meshPeers(channel: string): string[] {
    const pubsub = this.ctx.libp2p.services.pubsub as unknown as { getMeshPeers(topic: string): string[] };
    return pubsub.getMeshPeers(gossipTopic(this.ctx.chainId, channel)).map(String);
  }

  /** Peers subscribed to a channel's topic (those a publish reaches directly). */
  subscribers(channel: string): string[] {
    return this.ctx.libp2p.services.pubsub
      .getSubscribers(gossipTopic(this.ctx.chainId, channel))
      .map((p) => p.toString());
  }
}
