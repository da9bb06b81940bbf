import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Build step (exec-maven-plugin, generate-sources): 1. migrate an embedded PostgreSQL with migrations/,
 * 2. generate the jOOQ classes from the live schema. jOOQ's DDLDatabase cannot read ordinary PostgreSQL DDL
 * (expression indexes, plpgsql, text keys), so the real database is the source. Skipped when the migrations
 * are unchanged since the last run. Usage: GenerateJooq <migrations dir> <output dir>
 */
public class GenerateJooq {
    private static final String PACKAGE = "met.db.jooq";
    private static final String STAMP = ".migrations.sha256";

    public static void main(String[] args) throws Exception {
        Path migrations = Path.of(args[0]).toAbsolutePath().normalize();
        Path output = Path.of(args[1]).toAbsolutePath().normalize();
        String hash = hash(migrations);
        Path stamp = output.resolve(STAMP);
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(hash)) {
            System.out.println("jOOQ classes are up to date with " + migrations);
            return;
        }
        long started = System.nanoTime();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            Flyway.configure()
                    .dataSource(url, "postgres", null)
                    .locations("filesystem:" + migrations)
                    .load()
                    .migrate();
            GenerationTool.generate(new Configuration()
                    .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(url).withUser("postgres"))
                    .withGenerator(new Generator()
                            .withDatabase(new Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema("public")
                                    .withExcludes("flyway_schema_history|scheduled_tasks"))
                            .withGenerate(new Generate()
                                    .withRecords(true)
                                    .withPojos(false)
                                    .withDaos(false)
                                    .withJavaTimeTypes(true)
                                    .withGeneratedAnnotation(false))
                            .withTarget(new Target()
                                    .withPackageName(PACKAGE)
                                    .withDirectory(output.toString())
                                    .withClean(true))));
        }
        Files.writeString(stamp, hash);
        System.out.printf("generated jOOQ classes from %s in %d ms%n", migrations, (System.nanoTime() - started) / 1_000_000);
    }

    /** The hash covers file names and contents, and this generator itself, so a change to either regenerates. */
    private static String hash(Path migrations) throws IOException, Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<Path> files;
        try (Stream<Path> s = Files.list(migrations)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(f));
        }
        sha.update(PACKAGE.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }
}
