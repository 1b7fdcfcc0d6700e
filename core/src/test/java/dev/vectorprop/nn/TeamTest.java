package dev.vectorprop.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The claim protocol under stress: each part runs once, its writes are seen, failures come from the lowest part. */
class TeamTest {
    @Test
    void partCountsChangingFromTaskToTaskRunEachPartOnceAndShowItsWrites() throws InterruptedException {
        Object owner = new Object();
        for (int helpers = 1; helpers <= 2; helpers++) {
            Team team = new Team(helpers, owner);
            int[] written = new int[8];
            for (int g = 1; g <= 200_000; g++) {
                int parts = 1 + g % 7; // a helper late from a task of fewer parts must not claim one of these
                int[] runs = new int[parts];
                int generation = g;
                assertTrue(team.tryAcquire());
                try {
                    team.run(parts, part -> {
                        runs[part]++;
                        written[part] = generation; // a plain write on whichever thread
                    });
                } finally {
                    team.release();
                }
                for (int part = 0; part < parts; part++) {
                    if (runs[part] != 1 || written[part] != g) {
                        assertEquals(1, runs[part], "task " + g + ", part " + part + " of " + parts + ": runs");
                        assertEquals(g, written[part], "task " + g + ", part " + part + ": its write");
                    }
                }
                if (g % 50_000 == 0) {
                    Thread.sleep(1); // the helpers park now and then
                }
            }
        }
    }

    @Test
    void aFailingTaskThrowsItsLowestFailingPartsExceptionAndTheTeamGoesOn() {
        Team team = new Team(2, this);
        for (int attempt = 0; attempt < 1_000; attempt++) {
            assertTrue(team.tryAcquire());
            try {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> team.run(5, part -> {
                    if (part >= 2) {
                        throw new IllegalStateException("part " + part);
                    }
                }));
                assertEquals("part 2", e.getMessage());
                int[] sum = {0};
                team.run(3, part -> {
                    synchronized (sum) {
                        sum[0] += part + 1;
                    }
                });
                assertEquals(6, sum[0]);
            } finally {
                team.release();
            }
        }
        assertThrows(IllegalArgumentException.class, () -> team.run(0, part -> { }));
    }
}
