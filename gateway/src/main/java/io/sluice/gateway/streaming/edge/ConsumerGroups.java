package io.sluice.gateway.streaming.edge;

import io.sluice.gateway.streaming.hub.HubMessage;
import io.sluice.gateway.streaming.hub.StreamHub;
import io.sluice.gateway.streaming.hub.Subscription;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The consumer groups of one {@code http_server} output ({@code consumer_group}): the connections of a group share one
 * cursor on the output's broadcast hub, so each message goes to one member of the group, while every group (and every
 * connection without a group) receives every message. A group exists while it has members: its cursor starts where
 * its first member asked (the next message, or after a resume id) and is dropped with its last member.
 *
 * <p>The cursor is an ordinary broadcast subscription, so the output's slow-consumer policy applies to the group as a
 * whole (a group falling too far behind loses its oldest messages, or all its members are disconnected). Members poll
 * it under the group's lock from their own event loops; when messages arrive every member is woken and the first to
 * poll takes them, and a member that took some wakes the others for what may remain. A message a member may not receive (its key's rate limit) is skipped for the group, as it is for a
 * broadcast consumer.
 */
final class ConsumerGroups {

    private final StreamHub hub;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    ConsumerGroups(StreamHub hub) {
        this.hub = hub;
    }

    /** Number of groups with members (for tests and status). */
    int size() {
        return groups.size();
    }

    /** A member's subscription to {@code name}'s shared cursor, creating the group for its first member. */
    Subscription join(String name, Long resumeAfter, Runnable waker) {
        while (true) {
            Group group = groups.computeIfAbsent(name, n -> new Group(n, resumeAfter));
            Subscription member = group.add(waker);
            if (member != null) return member;
            groups.remove(name, group); // closed by its last member meanwhile: make a new one
        }
    }

    private final class Group {
        final String name;
        final ReentrantLock lock = new ReentrantLock();
        final List<Runnable> wakers = new CopyOnWriteArrayList<>();
        final Subscription cursor;
        int members;
        boolean closed;

        Group(String name, Long resumeAfter) {
            this.name = name;
            this.cursor = hub.subscribe(resumeAfter, () -> wakers.forEach(Runnable::run));
        }

        Subscription add(Runnable waker) {
            lock.lock();
            try {
                if (closed) return null;
                members++;
                wakers.add(waker);
            } finally {
                lock.unlock();
            }
            return new Member(this, waker);
        }

        void leave(Runnable waker) {
            boolean last;
            lock.lock();
            try {
                wakers.remove(waker);
                last = --members == 0;
                if (last) closed = true;
            } finally {
                lock.unlock();
            }
            if (last) {
                groups.remove(name, this);
                cursor.close();
            } else {
                // what this member would have taken is there for the others
                wakers.forEach(Runnable::run);
            }
        }
    }

    private static final class Member implements Subscription {
        private final Group group;
        private final Runnable waker;
        private boolean left;

        Member(Group group, Runnable waker) {
            this.group = group;
            this.waker = waker;
        }

        @Override
        public List<HubMessage> poll(int max) {
            List<HubMessage> taken;
            group.lock.lock();
            try {
                taken = group.cursor.poll(max);
            } finally {
                group.lock.unlock();
            }
            if (!taken.isEmpty()) {
                // there may be more: let the other members compete for it rather than this one taking everything
                for (Runnable other : group.wakers) {
                    if (other != waker) other.run();
                }
            }
            return taken;
        }

        @Override
        public void release(List<HubMessage> messages) {
            // broadcast cursor: nothing to give back (see the class comment)
        }

        @Override
        public long dropped() {
            return 0; // the group's losses are its cursor's, not one member's
        }

        @Override
        public long missedOnResume() {
            return group.cursor.missedOnResume();
        }

        @Override
        public long lastTakenId() {
            return group.cursor.lastTakenId();
        }

        @Override
        public String closeReason() {
            return group.cursor.closeReason();
        }

        @Override
        public boolean slowConsumer() {
            return group.cursor.slowConsumer();
        }

        @Override
        public boolean unavailable() {
            return group.cursor.unavailable();
        }

        @Override
        public void close() {
            if (left) return;
            left = true;
            group.leave(waker);
        }
    }
}
