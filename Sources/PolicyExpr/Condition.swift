// The public face of the condition language: the compiler, which turns the
// text of a `when:` field into a Condition or diagnostics, and the compiled
// Condition, which is evaluated once per request (and per candidate model
// when it reads one).
//
// Compilation runs these stages in order, each stopping the pipeline when it
// reports an error: the length check, lexing, parsing (with the depth
// check), type checking, canonical printing, constant folding, and lowering
// to closures.
//
// Public API: ConditionCompiler, Condition, ConditionResult, EvaluationError.
// Condition also carries the split of a model-reading `&&` into the
// conjuncts that read no model attribute and the rest.

public import PolicySource

/// Compiles condition text.
public enum ConditionCompiler {
    /// The maximum length of a condition, in Unicode scalars.
    public static let maxLength = 4096
    /// The deepest nesting accepted, counting parentheses, brackets, calls and operators.
    public static let maxDepth = 64

    /// Compiles one condition. `locate(offset, length)` maps a Unicode-scalar
    /// offset and length inside `text` to a SourceRange in the policy file.
    /// The condition is nil when any diagnostic is an error.
    public static func compile(_ text: String, locate: (Int, Int) -> SourceRange) -> (condition: Condition?, diagnostics: [Diagnostic]) {
        let scalars = Array(text.unicodeScalars)
        let (typed, checkProblems) = check(scalars)
        guard let typed, checkProblems.isEmpty else { return (nil, diagnostics(checkProblems, locate)) }

        let canonicalText = Printer.print(typed)
        var folder = Folder()
        let folded = folder.fold(typed)
        guard folder.problems.isEmpty else { return (nil, diagnostics(folder.problems, locate)) }

        let condition = Condition(source: text, canonicalText: canonicalText, tree: folded)
        return (condition, [])
    }

    /// Runs the stages up to type checking. The tree is nil when a stage
    /// stopped the pipeline.
    private static func check(_ scalars: [Unicode.Scalar]) -> (Typed?, [Problem]) {
        guard scalars.count <= maxLength else {
            let length = scalars.count
            let problem = Problem(offset: 0, length: length) { .conditionTooLong(length: length, maximum: maxLength, at: $0) }
            return (nil, [problem])
        }
        let lexed = Lexer.tokenize(scalars)
        guard !lexed.failed else { return (nil, lexed.problems) }

        var parser = Parser(tokens: lexed.tokens, maxDepth: maxDepth)
        guard let syntax = parser.parseCondition() else { return (nil, lexed.problems + parser.problems) }

        var checker = Checker()
        let typed = checker.checkCondition(syntax)
        return (typed, lexed.problems + checker.problems)
    }

    private static func diagnostics(_ problems: [Problem], _ locate: (Int, Int) -> SourceRange) -> [Diagnostic] {
        problems
            .sorted { ($0.offset, $0.length) < ($1.offset, $1.length) }
            .map { $0.make(locate($0.offset, $0.length)) }
    }
}

/// The outcome of evaluating a condition.
public enum ConditionResult: Sendable, Equatable {
    case `true`
    case `false`
    /// Evaluation failed, for example on an overflow; the caller denies the request.
    case error(EvaluationError)
}

/// The reason a condition could not be evaluated for one request.
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A description of the failure, for example "the result of '+' overflows int".
    public let message: String
    /// The offset, in Unicode scalars in the condition text, of the failing operator.
    public let offset: Int
    /// The length of the failing operator or expression, in Unicode scalars.
    public let length: Int

    public var description: String { message }
}

/// A compiled condition. It is immutable and safe to evaluate from many
/// threads at once.
///
/// A model-reading `&&` is also split in two parts, so an evaluator can run
/// the conjuncts that read no model attribute once per request instead of
/// once per candidate model. See `modelIndependentPart`.
public final class Condition: Sendable {
    /// The condition text as written.
    public let source: String
    /// The condition printed from its syntax: the same for texts that differ
    /// only in layout, redundant parentheses, quote style or set order.
    public let canonicalText: String
    /// The value of a condition that folds to a constant, such as `1 > 2`.
    public let constantValue: Bool?
    /// Whether the condition reads any model.* attribute or request.estimated_cost.
    public let readsModel: Bool
    /// The attribute paths the folded condition reads, such as "request.scope".
    public let attributes: Set<String>
    /// The `&&` of the top-level conjuncts that read no model attribute.
    /// It is nil unless the condition is a `&&` (nested `&&` flattened) with
    /// at least one such conjunct and at least one that reads the model.
    ///
    /// `modelIndependentPart && modelDependentPart` is true exactly when the
    /// whole condition is true. Each part keeps its conjuncts in source
    /// order, but the independent part runs first. Because `&&` stops at the
    /// first conjunct that is false or fails, a failing conjunct that the new
    /// order skips raises no error. So the split can return an error where
    /// the whole returns false, false where it returns an error, or another
    /// error. When every independent conjunct precedes every dependent one in
    /// the source, both return the same result, errors included.
    ///
    /// A part's `source` and `canonicalText` are its printed folded tree. The
    /// offsets of its evaluation errors point into the whole condition's `source`.
    public let modelIndependentPart: Condition?
    /// The `&&` of the top-level conjuncts that read a model attribute (or
    /// `request.estimated_cost`), present exactly when `modelIndependentPart` is.
    public let modelDependentPart: Condition?

    private let code: BoolCode

    init(source: String, canonicalText: String, tree: Typed) {
        var read = Set<Attribute>()
        tree.forEachNode { node in
            if case .attribute(let attribute) = node.kind { read.insert(attribute) }
        }
        if case .constant(.bool(let value), _) = tree.kind {
            constantValue = value
        } else {
            constantValue = nil
        }
        self.source = source
        self.canonicalText = canonicalText
        self.readsModel = read.contains { $0.dependsOnModel }
        self.attributes = Set(read.map(\.rawValue))
        self.code = Lowering.bool(tree)

        let parts = readsModel ? Condition.splitByModel(tree) : nil
        self.modelIndependentPart = parts?.independent
        self.modelDependentPart = parts?.dependent
    }

    /// Evaluates the condition against one request, key and model.
    public func evaluate(_ context: borrowing ConditionContext) -> ConditionResult {
        withUnsafePointer(to: context) { evaluate(at: $0) }
    }

    /// Evaluates the condition against a context the caller keeps in place,
    /// for an evaluator that reuses one context across many conditions.
    public func evaluate(at context: UnsafePointer<ConditionContext>) -> ConditionResult {
        switch code(context) {
        case .success(true): return .true
        case .success(false): return .false
        case .failure(let fault): return .error(Self.error(for: fault))
        }
    }

    private static func error(for fault: EvaluationFault) -> EvaluationError {
        let message =
            switch fault.kind {
            case .overflow: ConditionErrorText.overflow(fault.operation.rawValue, type: fault.type.name)
            case .unsupported: ConditionErrorText.unsupported
            }
        return EvaluationError(message: message, offset: fault.offset, length: fault.length)
    }
}

// MARK: - Splitting by model

extension Condition {
    /// Splits a `&&`, with nested `&&` flattened, into the conjuncts that read
    /// no model attribute and the rest. Returns nil when either group is empty.
    fileprivate static func splitByModel(_ tree: Typed) -> (independent: Condition, dependent: Condition)? {
        guard let conjuncts = tree.conjuncts else { return nil }
        let independent = conjuncts.filter { !$0.readsModel }
        let dependent = conjuncts.filter(\.readsModel)
        guard !independent.isEmpty, !dependent.isEmpty else { return nil }
        return (part(independent), part(dependent))
    }

    /// Makes a condition of the `&&` of `conjuncts`, which keep their offsets
    /// in the whole condition's text. A part never splits again: its
    /// conjuncts either all read no model attribute or all read one.
    private static func part(_ conjuncts: [Typed]) -> Condition {
        let tree: Typed
        if conjuncts.count == 1, let only = conjuncts.first {
            tree = only
        } else {
            let start = conjuncts.map(\.offset).min() ?? 0
            let end = conjuncts.map { $0.offset + $0.length }.max() ?? 0
            tree = Typed(kind: .logical(.and, conjuncts), type: .bool, offset: start, length: end - start)
        }
        let text = Printer.print(tree)
        return Condition(source: text, canonicalText: text, tree: tree)
    }
}
