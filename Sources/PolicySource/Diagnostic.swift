// Diagnostics are values: a stable code, a severity, the range they point at,
// notes that point elsewhere, and a hint. The library returns them; only the
// command line prints them. Their wording lives in the catalog (Catalog/).

/// The seriousness of a diagnostic. Errors stop compilation, but warnings do not.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
    case note
    case warning
    case error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A stable diagnostic code such as `Y004`. A code is never reused for a
/// different fault; docs/diagnostics.md documents each one.
public struct DiagnosticCode: Sendable, Hashable, CustomStringConvertible {
    /// The code printed in brackets, for example `Y004`.
    public let id: String
    /// A short kebab-case name, for example `duplicate-key`.
    public let name: String
    /// The severity used unless the policy settings override it.
    public let defaultSeverity: Severity
    /// One line describing the fault, used in SARIF rule lists and docs.
    public let summary: String

    public init(id: String, name: String, severity: Severity, summary: String) {
        self.id = id
        self.name = name
        self.defaultSeverity = severity
        self.summary = summary
    }

    public var description: String { id }

    public static func == (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// A secondary message attached to a diagnostic, usually pointing at a
/// related place such as the first definition of a duplicated name.
public struct DiagnosticNote: Sendable, Hashable {
    public var message: String
    public var range: SourceRange?

    public init(_ message: String, at range: SourceRange? = nil) {
        self.message = message
        self.range = range
    }
}

/// One finding about a policy, test file or request.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String
    /// The offending value; nil only for findings about the policy as a whole.
    public var range: SourceRange?
    public var notes: [DiagnosticNote]
    /// A suggested fix, when there is a useful one.
    public var hint: String?

    public init(
        _ code: DiagnosticCode, _ message: String, at range: SourceRange?,
        notes: [DiagnosticNote] = [], hint: String? = nil, severity: Severity? = nil
    ) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.message = message
        self.range = range
        self.notes = notes
        self.hint = hint
    }

    public var isError: Bool { severity == .error }

    /// The first line of the text form, `path:line:column: error[CODE]: message`.
    public var description: String {
        let place = range.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue)[\(code.id)]: \(message)"
    }

    /// Orders diagnostics by file path, then position, then code, so output is
    /// stable whatever order the stages found them in.
    public static func sortOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        let left = (lhs.range?.file.path ?? "", lhs.range?.start ?? -1, lhs.code.id, lhs.message)
        let right = (rhs.range?.file.path ?? "", rhs.range?.start ?? -1, rhs.code.id, rhs.message)
        return left < right
    }
}

/// Collects diagnostics from every stage. Stages keep going after an error so
/// that one run reports every independent mistake.
public struct DiagnosticBag: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public var hasErrors: Bool { diagnostics.contains { $0.isError } }
    public var errorCount: Int { diagnostics.count { $0.isError } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }

    public mutating func add(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
    public mutating func add(contentsOf other: [Diagnostic]) { diagnostics.append(contentsOf: other) }

    /// Returns the diagnostics sorted by position, with exact repeats removed.
    public func sorted() -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.sorted(by: Diagnostic.sortOrder).filter { seen.insert($0).inserted }
    }
}
