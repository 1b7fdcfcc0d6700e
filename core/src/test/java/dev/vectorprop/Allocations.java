package dev.vectorprop;

import java.lang.management.ManagementFactory;

/** Measures what a call allocates once the JIT has compiled it. */
public final class Allocations {
    private Allocations() {
    }

    /**
     * The fewest bytes the current thread allocated over 1,000 calls, in the best of up to 20 windows
     * (the JIT compiles in the background: warm is when a window allocates nothing).
     */
    public static long leastPer1000Calls(Runnable call) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 20 && fewest > 0; window++) {
            for (int i = 0; i < 2_000; i++) {
                call.run();
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1_000; i++) {
                call.run();
            }
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return fewest;
    }
}
