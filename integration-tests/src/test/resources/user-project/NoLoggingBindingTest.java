import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** UserProjectIT's own: with only the documented dependencies, the test class path has no SLF4J binding. */
class NoLoggingBindingTest {
    @Test
    void vnetifBringsNoLoggingBinding() throws Exception {
        Class<?> provider = Class.forName("org.slf4j.spi.SLF4JServiceProvider");
        List<String> found = ServiceLoader.load(provider).stream().map(p -> p.type().getName()).toList();
        assertEquals(List.of(), found, "SLF4J providers on the test class path");
        assertNull(getClass().getClassLoader().getResource("org/slf4j/impl/StaticLoggerBinder.class"), "an SLF4J 1.x binding");
    }
}
