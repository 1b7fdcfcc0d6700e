package dev.vectorprop.nn;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
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

    /** Parts a task may have at most: what {@link #CLAIMS} has room for. */
    static final int MAX_PARTS = 0xFFFF;

    /** Longs in a cache line, and where in {@link #words} the two words are: a line apart, past the array's header. */
    private static final int LINE = 8;
    private static final int CLAIMS = LINE;
    private static final int FINISHED = 2 * LINE;

    private final Helper[] helpers;
    private final AtomicBoolean taken = new AtomicBoolean();
    /**
     * Two words a cache line apart, so that the helpers' counting of finished parts does not take the claims' line
     * from the threads claiming: at {@link #CLAIMS}, the current generation (top 32 bits, which the helpers watch),
     * its number of parts (next 16) and the next unclaimed part (low 16). A claim is a compare-and-set of the whole
     * word, so a helper still looking at an old generation cannot claim a part of the new one: the part count it
     * compares against travels with the generation. At {@link #FINISHED}, the parts the helpers have finished, in
     * all (never reset, which would take the line from them).
     */
    private final AtomicLongArray words = new AtomicLongArray(3 * LINE);
    /** The failure of the lowest part that failed, so that a call fails as it would on one thread. */
    private Throwable failure;
    private int failedPart;
    /** What the helpers serve (a predictor): they end once it is collected, and keep it no more than weakly. */
    private final WeakReference<Object> owner;
    /** Written by the caller before {@link #CLAIMS} opens a generation, read by whoever claims a part of it. */
    private Task task;
    private int generation;
    /** The parts the helpers will have finished, in all, once the current task is done. */
    private long helperParts;

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
        int g = ++generation;
        // part 0 is the caller's from the start: claiming it would pull the word back from a helper claiming another
        words.set(CLAIMS, (long) g << 32 | (long) parts << 16 | 1);
        for (Helper helper : helpers) {
            if (helper.parked) {
                LockSupport.unpark(helper.thread);
            }
        }
        runPart(0);
        long helpersDone = helperParts += parts - 1 - work(g, false);
        while (words.get(FINISHED) < helpersDone) {
            Thread.onSpinWait(); // parts a helper claimed and is still running
        }
        this.task = null; // a parked helper must not keep the task's objects reachable
        Throwable thrown = failure; // every part is done: the helpers' writes happened before their counts
        failure = null;
        if (thrown instanceof RuntimeException e) {
            throw e;
        } else if (thrown instanceof Error e) {
            throw e;
        } else if (thrown != null) {
            throw new IllegalStateException(thrown);
        }
    }

    /**
     * Claims and runs parts of generation g until none is left, and returns how many it ran. A helper counts each in
     * {@link #FINISHED}; the caller counts its own, so that it never takes that word's line from a helper.
     */
    private int work(int g, boolean helper) {
        int ran = 0;
        for (long c = words.get(CLAIMS); generation(c) == g && next(c) < parts(c); c = words.get(CLAIMS)) {
            if (words.compareAndSet(CLAIMS, c, c + 1)) {
                runPart(next(c));
                ran++;
                if (helper) {
                    words.getAndIncrement(FINISHED);
                }
            }
        }
        return ran;
    }

    private void runPart(int part) {
        try {
            task.run(part);
        } catch (Throwable t) {
            failed(part, t);
        }
    }

    private static int generation(long claim) {
        return (int) (claim >>> 32);
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
        int seen = generation(words.get(CLAIMS));
        long idleSince = System.nanoTime();
        while (!owner.refersTo(null)) {
            int g = generation(words.get(CLAIMS));
            if (g != seen) {
                seen = g;
                work(g, true);
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                me.parked = true;
                if (generation(words.get(CLAIMS)) == seen) { // a run that opened claims before this saw parked false
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
