package io.retailhub.customer;

import io.retailhub.model.Platform;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The customer ownership file ({@code routes/customer-ownership.yaml}), parsed and validated. It is
 * read with SnakeYAML Engine's composer rather than a data binder because only the node tree keeps
 * the line of every key, and an integration engineer must be told which line is wrong.
 */
public final class OwnershipRules {
  static final String OWNER_SHARED = "shared";
  private static final Set<String> TOP_LEVEL_KEYS = Set.of("version", "attributes");
  private static final Set<String> RULE_KEYS =
      Set.of("owner", "policy", "priority", "receivers", "correctNonOwner");

  private final Map<String, AttributeRule> rules;

  private OwnershipRules(Map<String, AttributeRule> rules) {
    this.rules = Map.copyOf(rules);
  }

  public static OwnershipRules load(Path file) {
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read customer ownership rules " + file, e);
    }
  }

  public static OwnershipRules parse(String source, String yaml) {
    return parse(source, new StringReader(yaml), CustomerAttributes.governed());
  }

  static OwnershipRules parse(String source, Reader yaml, Set<String> governed) {
    return new Parser(source, governed).parse(yaml);
  }

  public AttributeRule rule(String attribute) {
    AttributeRule rule = rules.get(attribute);
    if (rule == null) {
      throw new IllegalArgumentException("no ownership rule for attribute '" + attribute + "'");
    }
    return rule;
  }

  public Optional<AttributeRule> find(String attribute) {
    return Optional.ofNullable(rules.get(attribute));
  }

  public Collection<AttributeRule> all() {
    return rules.values();
  }

  private static final class Parser {
    private final String source;
    private final Set<String> governed;

    Parser(String source, Set<String> governed) {
      this.source = source;
      this.governed = governed;
    }

    OwnershipRules parse(Reader yaml) {
      Node root;
      try {
        root =
            new Compose(LoadSettings.builder().setLabel(source).build())
                .composeReader(yaml)
                .orElseThrow(() -> new OwnershipRulesException(source, 0, "the file is empty"));
      } catch (MarkedYamlEngineException e) {
        int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
        throw new OwnershipRulesException(source, line, "not valid YAML: " + e.getProblem());
      } catch (YamlEngineException e) {
        throw new OwnershipRulesException(source, 0, "not valid YAML: " + e.getMessage());
      }
      Map<String, NodeTuple> top = mapping(root, "the file", TOP_LEVEL_KEYS);
      NodeTuple version = top.get("version");
      if (version == null) {
        throw fail(root, "missing 'version: 1'");
      }
      if (!"1".equals(scalar(version.getValueNode(), "version"))) {
        throw fail(version.getValueNode(), "unsupported version, expected 1");
      }
      NodeTuple attributes = top.get("attributes");
      if (attributes == null) {
        throw fail(root, "missing 'attributes'");
      }
      Map<String, NodeTuple> declared = mapping(attributes.getValueNode(), "attributes", null);
      Map<String, AttributeRule> rules = new LinkedHashMap<>();
      for (Map.Entry<String, NodeTuple> entry : declared.entrySet()) {
        if (!governed.contains(entry.getKey())) {
          throw fail(
              entry.getValue().getKeyNode(),
              "unknown customer attribute '" + entry.getKey() + "'; known: " + governed);
        }
        rules.put(entry.getKey(), rule(entry.getKey(), entry.getValue()));
      }
      List<String> missing = governed.stream().filter(a -> !rules.containsKey(a)).toList();
      if (!missing.isEmpty()) {
        throw fail(
            attributes.getKeyNode(),
            "no rule for customer attribute(s) " + missing + "; every attribute needs an owner");
      }
      return new OwnershipRules(rules);
    }

    private AttributeRule rule(String attribute, NodeTuple declaration) {
      Node body = declaration.getValueNode();
      Map<String, NodeTuple> keys = mapping(body, "attribute '" + attribute + "'", RULE_KEYS);
      NodeTuple ownerTuple = keys.get("owner");
      if (ownerTuple == null) {
        throw fail(
            declaration.getKeyNode(),
            "attribute '" + attribute + "' needs 'owner: salesforce|erp|servicedesk|shared'");
      }
      String ownerText = scalar(ownerTuple.getValueNode(), "owner");
      Platform owner =
          OWNER_SHARED.equals(ownerText) ? null : platform(ownerTuple.getValueNode(), ownerText);
      ConflictPolicy policy = null;
      NodeTuple policyTuple = keys.get("policy");
      if (owner == null) {
        if (policyTuple == null) {
          throw fail(
              ownerTuple.getKeyNode(),
              "shared attribute '"
                  + attribute
                  + "' needs 'policy: last-writer-wins|owner-priority'");
        }
        String policyText = scalar(policyTuple.getValueNode(), "policy");
        policy =
            Arrays.stream(ConflictPolicy.values())
                .filter(p -> p.wireCode().equals(policyText))
                .findFirst()
                .orElseThrow(
                    () ->
                        fail(
                            policyTuple.getValueNode(),
                            "unknown policy '"
                                + policyText
                                + "'; expected last-writer-wins or owner-priority"));
      } else if (policyTuple != null) {
        throw fail(
            policyTuple.getKeyNode(),
            "'policy' applies only to shared attributes; '"
                + attribute
                + "' is owned by "
                + ownerText);
      }
      List<Platform> priority = List.of();
      NodeTuple priorityTuple = keys.get("priority");
      if (priorityTuple != null) {
        if (owner != null) {
          throw fail(priorityTuple.getKeyNode(), "'priority' applies only to shared attributes");
        }
        priority = platforms(priorityTuple.getValueNode(), "priority");
      } else if (policy != null) {
        // timestamps tie, and owner-priority has nothing else: without an order the outcome
        // would depend on arrival, which is exactly what the rules exist to prevent
        throw fail(
            policyTuple.getKeyNode(),
            "shared attribute '" + attribute + "' needs 'priority: [...]' to decide ties");
      }
      NodeTuple receiversTuple = keys.get("receivers");
      if (receiversTuple == null) {
        throw fail(
            declaration.getKeyNode(),
            "attribute '" + attribute + "' needs 'receivers: [...]' (may be empty: [])");
      }
      List<Platform> receivers = platforms(receiversTuple.getValueNode(), "receivers");
      boolean correctNonOwner = false;
      NodeTuple correctTuple = keys.get("correctNonOwner");
      if (correctTuple != null) {
        String text = scalar(correctTuple.getValueNode(), "correctNonOwner");
        if (!"true".equals(text) && !"false".equals(text)) {
          throw fail(correctTuple.getValueNode(), "'correctNonOwner' must be true or false");
        }
        if (owner == null) {
          throw fail(
              correctTuple.getKeyNode(), "'correctNonOwner' applies only to owned attributes");
        }
        correctNonOwner = Boolean.parseBoolean(text);
      }
      return new AttributeRule(
          attribute,
          owner,
          policy,
          priority,
          EnumSet.copyOf(withDefault(receivers)),
          correctNonOwner);
    }

    private static Collection<Platform> withDefault(List<Platform> receivers) {
      return receivers.isEmpty() ? EnumSet.noneOf(Platform.class) : receivers;
    }

    private List<Platform> platforms(Node node, String what) {
      if (!(node instanceof SequenceNode sequence)) {
        throw fail(node, "'" + what + "' must be a list of platforms, e.g. [salesforce, erp]");
      }
      List<Platform> platforms = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        Platform platform = platform(item, scalar(item, what));
        if (platforms.contains(platform)) {
          throw fail(item, "'" + what + "' lists " + platform.wireCode() + " twice");
        }
        platforms.add(platform);
      }
      return platforms;
    }

    private Platform platform(Node node, String text) {
      return Arrays.stream(Platform.values())
          .filter(p -> p.wireCode().equals(text))
          .findFirst()
          .orElseThrow(
              () ->
                  fail(
                      node,
                      "unknown platform '"
                          + text
                          + "'; expected one of "
                          + Arrays.stream(Platform.values())
                              .map(Platform::wireCode)
                              .collect(Collectors.joining(", "))));
    }

    private Map<String, NodeTuple> mapping(Node node, String what, Set<String> allowedKeys) {
      if (!(node instanceof MappingNode mapping)) {
        throw fail(node, what + " must be a mapping");
      }
      Map<String, NodeTuple> keys = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        String key = scalar(tuple.getKeyNode(), "key");
        if (allowedKeys != null && !allowedKeys.contains(key)) {
          throw fail(
              tuple.getKeyNode(),
              "unknown key '" + key + "' in " + what + "; allowed: " + allowedKeys);
        }
        if (keys.put(key, tuple) != null) {
          throw fail(tuple.getKeyNode(), "'" + key + "' is declared twice in " + what);
        }
      }
      return keys;
    }

    private String scalar(Node node, String what) {
      if (!(node instanceof ScalarNode scalar)) {
        throw fail(node, "'" + what + "' must be a single value");
      }
      return scalar.getValue().trim();
    }

    private OwnershipRulesException fail(Node node, String problem) {
      int line = node.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(0);
      return new OwnershipRulesException(source, line, problem);
    }
  }
}
