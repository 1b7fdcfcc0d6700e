package dev.vectorprop.kernel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Falling back to the scalar kernels is a warning that names the fix. */
class KernelsProviderTest {
    /** System.Logger goes to java.util.logging when nothing else is installed. */
    private final Logger logger = Logger.getLogger("dev.vectorprop.kernel");
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(handler);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(handler);
    }

    @Test
    void theScalarFallbackIsOneWarningWithTheFix() {
        Kernels.auto(); // chooses, once per JVM
        records.clear();
        Kernels.auto();
        assertEquals(List.of(), records, "chosen once");

        // core's tests run with the Vector API but without the vectorprop-simd jar
        assertSame(Kernels.scalar(), KernelsProvider.choose("auto"));
        assertEquals(1, records.size());
        assertEquals(Level.WARNING, records.getFirst().getLevel());
        assertEquals("vectorprop: using the scalar kernels because the vectorprop-simd jar is missing: add it to the "
                + "class path (on the module path, also --add-modules dev.vectorprop.simd)",
                records.getFirst().getMessage());
    }
}
