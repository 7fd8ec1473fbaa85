package io.retailhub;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public record, enum and mapper of the model and mapping packages is registered in {@link
 * NativeReflection}, found from the compiled classes so that a new type cannot be forgotten.
 */
class NativeReflectionTest {

  @Test
  void every_model_and_mapping_record_enum_and_mapper_is_registered() {
    List<Class<?>> registered =
        List.of(NativeReflection.class.getAnnotation(RegisterForReflection.class).targets());

    List<Class<?>> reflective = new ArrayList<>();
    for (Class<?> type : compiledTypes("io/retailhub/model", "io/retailhub/mapping")) {
      boolean isPublic = Modifier.isPublic(type.getModifiers());
      boolean mapper = type.getSimpleName().endsWith("Mapper");
      if (isPublic && (type.isRecord() || type.isEnum() || mapper)) {
        reflective.add(type);
      }
    }

    assertThat(reflective).as("types found").hasSizeGreaterThan(40);
    assertThat(registered).containsAll(reflective);
  }

  private static List<Class<?>> compiledTypes(String... packageDirs) {
    List<Class<?>> types = new ArrayList<>();
    for (String packageDir : packageDirs) {
      Path classesRoot;
      try {
        // the main output, not test-classes, which has test classes in the same packages
        classesRoot =
            Path.of(
                NativeReflection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
      Path root = classesRoot.resolve(packageDir);
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
          String relative = classesRoot.relativize(file).toString();
          if (relative.contains("$")) {
            continue;
          }
          String className =
              relative.replace(".class", "").replace(file.getFileSystem().getSeparator(), ".");
          types.add(Class.forName(className));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return types;
  }
}
