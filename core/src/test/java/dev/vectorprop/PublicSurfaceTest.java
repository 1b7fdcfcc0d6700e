package dev.vectorprop;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What a server developer sees: the exported packages, and none of the engine's internals in them. */
class PublicSurfaceTest {
    @Test
    void theModuleExportsTheApiPackagesOnly() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        Set<String> exported = module.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("dev.vectorprop.data", "dev.vectorprop.io", "dev.vectorprop.kernel", "dev.vectorprop.nn",
                "dev.vectorprop.optim", "dev.vectorprop.train"), exported);
        assertEquals(Set.of(), module.requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(name -> !name.equals("java.base")).collect(Collectors.toSet()), "no dependencies");
    }

    @Test
    void internalsAreNotPublic() throws Exception {
        for (String name : new String[] {"dev.vectorprop.nn.Workspace", "dev.vectorprop.kernel.ScalarKernels"}) {
            assertFalse(Modifier.isPublic(Class.forName(name).getModifiers()), name);
        }
        assertNoPublic("dev.vectorprop.nn.Network", "newWorkspace", "afterGradients", "afterStep", "weightDecay",
                "commitStatistics", "outputActivation");
        assertNoPublic("dev.vectorprop.nn.Predictor", "classOf(float[],int,int)");
        assertNoPublic("dev.vectorprop.io.ModelFile", "writeAtomically");
        assertNoPublic("dev.vectorprop.train.Trainer", "stepsDone", "reduction");
    }

    /** No public method of the class has one of these names (or, with parameters, these signatures). */
    private static void assertNoPublic(String className, String... methods) throws ClassNotFoundException {
        for (Method method : Class.forName(className).getMethods()) {
            String signature = method.getName() + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                    .collect(Collectors.joining(",", "(", ")"));
            for (String forbidden : methods) {
                assertFalse(forbidden.contains("(") ? signature.equals(forbidden) : method.getName().equals(forbidden),
                        className + "." + signature + " is public");
            }
        }
    }
}
