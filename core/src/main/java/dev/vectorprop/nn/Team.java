package dev.vectorprop.nn;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The caller's thread and a few helper threads running the parts of one task at a time, for a predictor
 * whose single call is too short for a thread pool's hand-off (one row: tens of microseconds). Helpers
 * spin for {@link #SPIN_NANOS} after each task, then park. Parts are claimed, not assigned: the caller
 * claims them too, so a helper that is asleep or has not started costs its share of speed, not a wait (one
 * descheduled in the middle of a part it claimed does delay the call). One caller at a time
 * ({@link #tryAcquire}); a call that finds the team taken runs alone. The helpers end
 * once the team's owner is unreachable: a parked helper looks every {@link #OWNER_CHECK_NANOS}.
 */
final class Team {
    /** One task's work, part by part; called on any of the team's threads, each part once. */
    interface Task {
        void run(int part);
    }

    /** How long a helper spins for the next task before it parks: a steady stream of calls never wakes one. */
    static final long SPIN_NANOS = 200_000;

    /** How often a parked helper wakes to see whether the team's owner is gone. */
    static final long OWNER_CHECK_NANOS = 1_000_000_000L;

    private final Helper[] helpers;
    private final AtomicBoolean taken = new AtomicBoolean();
    /**
     * The current generation (top 32 bits), its number of parts (next 16) and the next unclaimed part (low 16). A
     * claim is a compare-and-set of the whole word, so a helper still looking at an old generation cannot claim a
     * part of the new one: the part count it compares against travels with the generation.
     */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    /** The failure of the lowest part that failed, so that a call fails as it would on one thread. */
    private Throwable failure;
    private int failedPart;
    /** The last generation published; helpers watch it. */
    private volatile int published;
    /** Parts a task may have at most: what {@link #claims} has room for. */
    static final int MAX_PARTS = 0xFFFF;
    /** What the helpers serve (a predictor): they end once it is collected, and keep it no more than weakly. */
    private final WeakReference<Object> owner;
    /** Written by the caller before {@link #claims} opens a generation, read by whoever claims a part of it. */
    private Task task;
    private int generation;

    /** A team of the caller and {@code helpers} daemon threads, started now, that serves {@code owner}. */
    Team(int helpers, Object owner) {
        this.owner = new WeakReference<>(owner);
        this.helpers = new Helper[helpers];
        for (int i = 0; i < helpers; i++) {
            Helper helper = new Helper();
            Thread thread = Thread.ofPlatform().daemon().name("vectorprop-predictor-helper-" + (i + 1))
                    .inheritInheritableThreadLocals(false).unstarted(() -> serve(helper));
            helper.thread = thread;
            this.helpers[i] = helper;
            thread.start();
        }
    }

    /** Threads a task can run on: the caller's and the helpers. */
    int size() {
        return helpers.length + 1;
    }

    /** Takes the team for one call; false when another caller has it. */
    boolean tryAcquire() {
        return taken.compareAndSet(false, true);
    }

    void release() {
        taken.set(false);
    }

    /**
     * Runs parts {@code 0..parts-1} (at most {@value #MAX_PARTS}) of the task on the team, the caller included, and
     * returns when all are done, rethrowing the failure of the lowest part that failed. Only the caller that holds
     * the team may call it.
     */
    void run(int parts, Task task) {
        if (parts < 1 || parts > MAX_PARTS) {
            throw new IllegalArgumentException("a task needs 1.." + MAX_PARTS + " parts, got " + parts);
        }
        this.task = task;
        finished.set(0);
        int g = ++generation;
        claims.set((long) g << 32 | (long) parts << 16);
        published = g;
        for (Helper helper : helpers) {
            if (helper.parked) {
                LockSupport.unpark(helper.thread);
            }
        }
        work(g);
        while (finished.get() < parts) {
            Thread.onSpinWait(); // parts a helper claimed and is still running
        }
        this.task = null; // a parked helper must not keep the task's objects reachable
        Throwable thrown;
        synchronized (this) {
            thrown = failure;
            failure = null;
        }
        if (thrown instanceof RuntimeException e) {
            throw e;
        } else if (thrown instanceof Error e) {
            throw e;
        } else if (thrown != null) {
            throw new IllegalStateException(thrown);
        }
    }

    /** Claims and runs parts of generation g until none is left. */
    private void work(int g) {
        for (long c = claims.get(); c >>> 32 == (g & 0xFFFFFFFFL) && next(c) < parts(c); c = claims.get()) {
            if (claims.compareAndSet(c, c + 1)) {
                int part = next(c);
                try {
                    task.run(part);
                } catch (Throwable t) {
                    failed(part, t);
                }
                finished.incrementAndGet();
            }
        }
    }

    private static int parts(long claim) {
        return (int) (claim >>> 16) & MAX_PARTS;
    }

    private static int next(long claim) {
        return (int) claim & MAX_PARTS;
    }

    /** Keeps the failure of the lowest part (a rare path: a bad input, a bug). */
    private synchronized void failed(int part, Throwable t) {
        if (failure == null || part < failedPart) {
            failure = t;
            failedPart = part;
        }
    }

    private void serve(Helper me) {
        int seen = published;
        long idleSince = System.nanoTime();
        while (!owner.refersTo(null)) {
            int g = published;
            if (g != seen) {
                seen = g;
                work(g);
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                me.parked = true;
                if (published == seen) { // a run that published before this saw parked false
                    LockSupport.parkNanos(this, OWNER_CHECK_NANOS);
                }
                me.parked = false;
                idleSince = System.nanoTime();
            }
        }
    }

    private static final class Helper {
        Thread thread;
        volatile boolean parked;
    }
}
