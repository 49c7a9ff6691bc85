// Wording of the diagnostics the YAML reader emits (codes Y001 to Y011),
// including the rephrasing of libyaml's own error texts. Every message names
// the offending value in quotes, and every hint tells the user what to do.

extension Diagnostic {
    /// Y008: the file is larger than `ReadLimits.maxFileBytes`.
    public static func fileTooLarge(byteCount: Int, limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .fileTooLarge, "file is \(byteCount) bytes, more than the limit of \(limit) bytes", at: range,
            hint: "split the policy into several files, or raise the file size limit")
    }

    /// Y002: a byte that does not start or continue a valid UTF-8 sequence.
    public static func invalidUTF8(byte: UInt8, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .invalidUTF8, "invalid UTF-8 byte 0x\(hexDigits(UInt32(byte), width: 2))", at: range,
            hint: "save the file as UTF-8")
    }

    /// Y001: a control character or noncharacter that YAML does not allow in a file.
    public static func controlCharacter(_ value: UInt32, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .yamlSyntax, "character U+\(hexDigits(value, width: 4)) is not allowed in a YAML file", at: range,
            hint: "remove it, or write it as an escape such as '\\x07' inside a double-quoted string")
    }

    /// Y003: a tab before the first non-blank character of a line.
    public static func tabIndentation(at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .tabIndentation, "tab character used for indentation", at: range,
            hint: "YAML indentation must use spaces; replace the tab with spaces")
    }

    /// Y004: the second occurrence of a mapping key, with a note at the first.
    public static func duplicateKey(_ key: String, at range: SourceRange, firstDefinedAt first: SourceRange) -> Diagnostic {
        Diagnostic(
            .duplicateKey, "duplicate key \(quoted(key)) in this mapping", at: range,
            notes: [DiagnosticNote("first defined here", at: first)],
            hint: "remove one of the two entries or merge them into one")
    }

    /// Y005: an alias reference beyond `ReadLimits.maxAliases`.
    public static func aliasCountLimit(alias: String, limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .aliasLimit, "alias \(quoted("*" + alias)) exceeds the limit of \(limit) alias references per file", at: range,
            hint: "write the repeated values out, or use fewer aliases")
    }

    /// Y005: an alias whose copy would take all expansions past `ReadLimits.maxAliasExpansion` nodes.
    public static func aliasExpansionLimit(alias: String, limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .aliasLimit,
            "alias \(quoted("*" + alias)) expands the file past the limit of \(limit) nodes copied by aliases",
            at: range, hint: "avoid aliases that refer to large nodes or to other aliases")
    }

    /// Y005: an alias inside the node its anchor names, which would expand forever.
    public static func recursiveAlias(alias: String, at range: SourceRange, anchorAt anchor: SourceRange) -> Diagnostic {
        Diagnostic(
            .aliasLimit, "alias \(quoted("*" + alias)) refers to a node that contains it", at: range,
            notes: [DiagnosticNote("anchor \(quoted("&" + alias)) is defined here", at: anchor)],
            hint: "refer only to nodes that are complete before the alias")
    }

    /// Y001: an alias with no anchor of that name before it.
    public static func undefinedAlias(alias: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .yamlSyntax, "alias \(quoted("*" + alias)) refers to an undefined anchor", at: range,
            hint: "define the anchor with \(quoted("&" + alias)) on a node before this alias")
    }

    /// Y006: the start of a second document in one file.
    public static func multipleDocuments(at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .multipleDocuments, "a second YAML document starts here; a policy file holds one document", at: range,
            hint: "move the second document to its own file, or remove the '---' line")
    }

    /// Y007: a mapping or list nested deeper than `ReadLimits.maxDepth`.
    public static func depthLimit(limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .depthLimit, "nesting is deeper than the limit of \(limit) levels", at: range,
            hint: "flatten the structure")
    }

    /// Y009: the node that takes the file past `ReadLimits.maxNodes`.
    public static func nodeLimit(limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .nodeLimit, "file has more than the limit of \(limit) YAML nodes", at: range,
            hint: "split the policy into several files")
    }

    /// Y010: a tag the policy language does not accept on this kind of node.
    public static func unsupportedTag(_ tag: String, on kind: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .unsupportedTag, "tag \(quoted(shortTag(tag))) is not supported on \(kind)", at: range,
            hint: "remove the tag; the policy schema decides each value's type, and only '!!str' may force a string")
    }

    /// Y011: a mapping or list used as a mapping key.
    public static func complexKey(kind: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .complexKey, "\(kind) is used as a mapping key; keys must be scalars", at: range,
            hint: "use a plain or quoted string as the key")
    }

    /// Y011: an alias used as a mapping key.
    public static func aliasKey(alias: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .complexKey, "alias \(quoted("*" + alias)) is used as a mapping key; keys must be written out", at: range,
            hint: "write the key text instead of the alias")
    }

    /// Y001: libyaml ran out of memory.
    public static func parserOutOfMemory(at range: SourceRange?) -> Diagnostic {
        Diagnostic(.yamlSyntax, "the YAML parser ran out of memory", at: range, hint: "split the file into smaller files")
    }

    /// Y001: a libyaml syntax error, with its problem text rephrased.
    ///
    /// `found` describes what is at the problem position, already quoted, for
    /// example `'@'` or `the end of the file`. `context` is libyaml's context
    /// text (such as "while parsing a block mapping"), which becomes a note.
    public static func yamlSyntax(
        problem: String, found: String, at range: SourceRange, context: String?, contextRange: SourceRange?
    ) -> Diagnostic {
        let (message, hint) = rephrase(problem: problem, found: found, context: context)
        var notes: [DiagnosticNote] = []
        if let context, let contextRange, contextRange != range {
            notes.append(DiagnosticNote(describeContext(context), at: contextRange))
        }
        return Diagnostic(.yamlSyntax, message, at: range, notes: notes, hint: hint)
    }

    // MARK: - libyaml texts

    /// Returns our message and hint for one of libyaml's problem texts.
    private static func rephrase(problem: String, found: String, context: String?) -> (String, String?) {
        switch problem {
        case "found character that cannot start any token":
            return ("\(found) cannot start a YAML value", "put the value in quotes if it is meant as text")
        case "mapping values are not allowed in this context":
            return ("found ':' where a mapping cannot start",
                    "put a value that contains ': ' in quotes, or start the mapping on its own line")
        case "block sequence entries are not allowed in this context":
            return ("found a list item '-' where a list cannot start",
                    "start the list on a new line below its key, indented")
        case "mapping keys are not allowed in this context":
            return ("found a '?' key where a mapping cannot start", "start the mapping on its own line")
        case "did not find expected key":
            return ("expected a mapping key, found \(found)",
                    "indent all keys of one mapping to the same column, and quote values that start with a special character")
        case "did not find expected '-' indicator":
            return ("expected a list item '-', found \(found)", "indent all items of one list to the same column")
        case "did not find expected node content":
            return ("expected a value, found \(found)", "write a value here, or quote text that starts with a YAML indicator")
        case "did not find expected ',' or ']'":
            return ("expected ',' or ']' in a flow list, found \(found)",
                    "separate the items with ',' and close the list with ']'")
        case "did not find expected ',' or '}'":
            return ("expected ',' or '}' in a flow mapping, found \(found)",
                    "separate the entries with ',' and close the mapping with '}'")
        case "could not find expected ':'":
            return ("expected ':' after a mapping key, found \(found)",
                    "add ':' after the key, or indent the line if it continues the value above")
        case "found unexpected end of stream":
            return context?.contains("quoted scalar") == true
                ? ("the file ends inside a quoted string", "add the closing quote")
                : ("the file ends unexpectedly", "close every open bracket and quote")
        case "found unexpected document indicator":
            return ("a '---' or '...' line ends the document inside a quoted string",
                    "close the quoted string before that line, or indent the line")
        default:
            return rephraseRareProblem(problem, found: found)
        }
    }

    private static func rephraseRareProblem(_ problem: String, found: String) -> (String, String?) {
        switch problem {
        case "found unknown escape character":
            return ("unknown escape sequence in a double-quoted string, found \(found)",
                    "write a backslash as '\\\\', or use single quotes, which have no escapes")
        case "did not find expected hexdecimal number":
            return ("escape sequence has too few hexadecimal digits, found \(found)",
                    "write 2, 4 or 8 hexadecimal digits after '\\x', '\\u' or '\\U'")
        case "found invalid Unicode character escape code":
            return ("escape sequence names an invalid Unicode code point",
                    "use a code point up to 10FFFF that is not a surrogate")
        case "did not find expected alphabetic or numeric character":
            return ("anchor or alias name is missing or invalid, found \(found)",
                    "name anchors and aliases with letters, digits, '-' and '_'")
        case "found undefined tag handle":
            return ("tag handle is not declared", "declare the handle with a %TAG directive, or remove the tag")
        case "found incompatible YAML document":
            return ("%YAML directive names an unsupported version", "use '%YAML 1.1' or '%YAML 1.2', or remove the directive")
        case "did not find expected <document start>":
            return ("expected '---' before another document, found \(found)",
                    "remove the content after the '...' line; a policy file holds one document")
        case "did not find expected comment or line break":
            return ("unexpected \(found) after a block scalar indicator or directive",
                    "put only the indicator and an optional comment on that line")
        case "did not find expected whitespace or line break":
            return ("expected a space after the tag, found \(found)", "put a space between a tag and its value")
        case "found a tab character that violates indentation",
             "found a tab character where an indentation space is expected":
            return ("tab character used for indentation", "YAML indentation must use spaces; replace the tab with spaces")
        default:
            return ("invalid YAML: \(problem), at \(found)", nil)
        }
    }

    /// Turns "while parsing a block mapping" into "in the mapping that starts here".
    private static func describeContext(_ context: String) -> String {
        var phrase = context
        for prefix in ["while parsing ", "while scanning "] where phrase.hasPrefix(prefix) {
            phrase.removeFirst(prefix.count)
        }
        let nouns: [String: String] = [
            "a block mapping": "mapping", "a flow mapping": "mapping",
            "a block collection": "list", "a flow sequence": "list",
            "a simple key": "key", "a quoted scalar": "quoted string",
            "a block scalar": "block scalar", "a plain scalar": "value",
            "a block node": "value", "a flow node": "value", "a node": "value",
            "an anchor": "anchor", "an alias": "alias", "a tag": "tag",
            "a directive": "directive", "a %YAML directive": "%YAML directive",
            "a %TAG directive": "%TAG directive",
        ]
        guard let noun = nouns[phrase] else { return context }
        return "in the \(noun) that starts here"
    }

    // MARK: - Formatting values

    /// Quotes a user's value for a message: at most 40 characters, with line
    /// breaks and other control characters written as escapes.
    static func quoted(_ text: String) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 40 {
                result += "..."
                break
            }
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "'": result += "\\'"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    result += "\\u{\(hexDigits(scalar.value, width: 1))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
            count += 1
        }
        return "'\(result)'"
    }

    /// Writes a tag under YAML's `!!` shorthand when it has the standard prefix.
    static func shortTag(_ tag: String) -> String {
        let standardPrefix = "tag:yaml.org,2002:"
        return tag.hasPrefix(standardPrefix) ? "!!" + tag.dropFirst(standardPrefix.count) : tag
    }

    private static func hexDigits(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
