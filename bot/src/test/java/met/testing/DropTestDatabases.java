package met.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test class (and its own {@code @AfterAll}), drops the databases it made: a class's databases are its
 * own, and the classes of a run go one after the other. Registered for every class through the ServiceLoader
 * (META-INF/services, and autodetection in junit-platform.properties), so no test has to remember it.
 */
public final class DropTestDatabases implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass().getEnclosingClass() == null) { // a @Nested class's databases are its outer class's
            TestDatabase.ifStarted().ifPresent(TestDatabase::dropAll);
        }
    }
}
