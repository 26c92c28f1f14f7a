// A Sentinel message arrives: at a Sentinel (a command from a peer or a client, or a reply on one of
// its own links), at a data node (which answers or fans a hello out), or at the client.
import { match } from 'ts-pattern';
import type { ActionOf } from '../../kernel/actions.ts';
import type { State } from '../../kernel/state.ts';
import { hold } from '../../kernel/net.ts';
import type { SentinelMsg } from '../messages.ts';
import type { SentinelProc } from '../state.ts';
import { instanceOf, type Instance } from '../instances.ts';
import { acceptConnection, instanceLinkConnectionError, replyOn, resetConnection, serverEndOpen } from '../link.ts';
import { mstime } from '../mstime.ts';
import { dataNodeReceives } from '../dataNodeReceives.ts';
import { sentinelPingReplyCallback } from '../sentinelPingReplyCallback.ts';
import { sentinelRefreshInstanceInfo } from '../sentinelRefreshInstanceInfo.ts';
import { sentinelProcessHelloMessage } from '../sentinelProcessHelloMessage.ts';
import { sentinelGetCurrentMasterAddress } from '../sentinelGetCurrentMasterAddress.ts';
import { sentinelCommandIsMasterDownByAddr } from '../sentinelVoteLeader.ts';
import { sentinelReceiveIsMasterDownReply } from '../sentinelAskMasterStateToOtherSentinels.ts';
import { clientReceives } from '../client.ts';

export function sentinelDelivered(s: State, a: ActionOf<'SentinelDelivered'>): void {
  const to = a.msg.to;
  const n = s.nodes[to];
  if (n !== undefined) { dataNodeReceives(s, n, a); return; }
  const sen = s.sentinels[to];
  if (sen !== undefined) { sentinelReceives(s, sen, a); return; }
  clientReceives(s, a.msg);
}

function sentinelReceives(s: State, sen: SentinelProc, a: ActionOf<'SentinelDelivered'>): void {
  const msg = a.msg;
  const b = msg.body;
  if (sen.proc === 'down') { resetConnection(s, msg); return; }
  if (b.type === 'closed') { closed(sen, s, msg); return; }
  if (b.type === 'connect' && !serverEndOpen(s, msg.conn, sen.name, sen.bootedAt)) acceptConnection(s, msg, sen.bootedAt, b.pubsub);
  if (sen.proc === 'paused') { hold(s, sen.name, a); return; }
  if (msg.from === 'client' || serverEndOpen(s, msg.conn, sen.name, sen.bootedAt)) { serve(s, sen, msg); return; }
  const inst = instanceOf(sen, msg.from);
  // A reply on a connection this process has closed (or never had: it restarted) is reset.
  if (inst === null || (inst.ri.link.cc !== msg.conn && inst.ri.link.pc !== msg.conn)) { resetConnection(s, msg); return; }
  onReply(s, sen, inst, msg);
}

/** The peer closed or reset a connection: a server end is forgotten, a link's end reconnects later. */
function closed(sen: SentinelProc, s: State, msg: SentinelMsg): void {
  if (serverEndOpen(s, msg.conn, sen.name, sen.bootedAt)) { delete s.sentinelConns[msg.conn]; return; }
  const inst = instanceOf(sen, msg.from);
  if (inst !== null && (inst.ri.link.cc === msg.conn || inst.ri.link.pc === msg.conn)) instanceLinkConnectionError(inst.ri.link, msg.conn);
}

/** Commands other Sentinels and clients send to this one (sentinelCommand, sentinelPublishCommand, PING). */
function serve(s: State, sen: SentinelProc, msg: SentinelMsg): void {
  match(msg.body)
    .with({ type: 'connect' }, () => {})
    .with({ type: 'ping' }, () => replyOn(s, msg, sen.bootedAt, { type: 'pong', reply: 'PONG' }))
    .with({ type: 'hello' }, (b) => {
      sentinelProcessHelloMessage(s, sen, b.hello);
      replyOn(s, msg, sen.bootedAt, { type: 'publish-reply' });
    })
    .with({ type: 'is-master-down' }, (b) => replyOn(s, msg, sen.bootedAt, sentinelCommandIsMasterDownByAddr(s, sen, b)))
    .with({ type: 'get-master-addr' }, (b) => replyOn(s, msg, sen.bootedAt, { type: 'master-addr', qid: b.qid, addr: sentinelGetCurrentMasterAddress(sen.master) }))
    .with(
      { type: 'info' }, { type: 'slaveof' }, { type: 'pong' }, { type: 'info-reply' }, { type: 'hello-message' }, { type: 'publish-propagated' },
      { type: 'is-master-down-reply' }, { type: 'closed' }, { type: 'subscribed' }, { type: 'publish-reply' }, { type: 'slaveof-reply' }, { type: 'master-addr' },
      () => {}, // not commands a Sentinel serves (INFO and SLAVEOF are not sent to Sentinels here)
    )
    .exhaustive();
}

/** Replies on this Sentinel's own links (the reply callbacks: each one decrements pending_commands). */
function onReply(s: State, sen: SentinelProc, inst: Instance, msg: SentinelMsg): void {
  const link = inst.ri.link;
  match(msg.body)
    .with({ type: 'pong' }, (b) => sentinelPingReplyCallback(s, sen, inst, b.reply))
    .with({ type: 'info-reply' }, (b) => { link.pendingCommands--; sentinelRefreshInstanceInfo(s, sen, msg.from, b.info); })
    .with({ type: 'publish-reply' }, () => { link.pendingCommands--; inst.ri.lastPubTime = mstime(s, sen); })
    .with({ type: 'slaveof-reply' }, () => { link.pendingCommands -= 6; })
    .with({ type: 'is-master-down-reply' }, (b) => { link.pendingCommands--; sentinelReceiveIsMasterDownReply(s, sen, msg.from, b); })
    .with({ type: 'subscribed' }, () => { link.pcLastActivity = mstime(s, sen); })
    .with({ type: 'hello-message' }, (b) => {
      // sentinelReceiveHelloMessages: any message is activity; our own hellos are not processed.
      link.pcLastActivity = mstime(s, sen);
      if (b.hello.runid !== sen.myid) sentinelProcessHelloMessage(s, sen, b.hello);
    })
    .with(
      { type: 'ping' }, { type: 'info' }, { type: 'hello' }, { type: 'publish-propagated' }, { type: 'is-master-down' }, { type: 'slaveof' },
      { type: 'closed' }, { type: 'connect' }, { type: 'get-master-addr' }, { type: 'master-addr' },
      () => {}, // commands, not replies
    )
    .exhaustive();
}
