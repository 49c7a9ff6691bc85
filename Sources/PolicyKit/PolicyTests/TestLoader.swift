// Finding and reading policy test files. Test files are read through the
// same YAML reader and the same typed scalar rules as policy files (YAML 1.2
// booleans and integers, RFC 3339 timestamps with offsets), so they get the
// same diagnostics with exact positions. Then every test is checked against
// the compiled policy (see TestReferences.swift).

import PolicySource
import PolicyValues
import PolicyYAML

/// The tests read from test files, and every problem found while reading them.
public struct PolicyTestLoadResult: Sendable {
    /// One suite per test file that could be read, in path order.
    public let suites: [PolicyTestSuite]
    /// Every diagnostic, sorted by position. A result with errors should not be run.
    public let diagnostics: [Diagnostic]
    /// The files that were read, in path order.
    public let files: [SourceFile]

    public var errorCount: Int { diagnostics.count { $0.isError } }
}

/// Reads policy test files and checks them against a compiled policy.
public struct PolicyTestLoader: Sendable {
    public let policy: CompiledPolicy
    public var limits: ReadLimits

    /// Creates a loader for tests of `policy`.
    public init(policy: CompiledPolicy, limits: ReadLimits = ReadLimits()) {
        self.policy = policy
        self.limits = limits
    }

    /// Loads every `*.test.yaml` and `*.test.yml` file below the directories in
    /// `paths`, and every file path given directly whatever its name.
    public func load(paths: [String]) -> PolicyTestLoadResult {
        var diagnostics: [Diagnostic] = []
        var seen = Set<String>()
        var files: [SourceFile] = []
        for path in paths {
            let (found, problems) = PolicyFiles.list(directory: path, include: PolicyFileNames.isTestFile)
            diagnostics += problems
            for filePath in found where seen.insert(filePath).inserted {
                let (file, failure) = PolicyFiles.read(filePath, limits: limits)
                if let file { files.append(file) }
                if let failure { diagnostics.append(failure) }
            }
        }
        if files.isEmpty, diagnostics.isEmpty {
            diagnostics.append(.noTestFiles(paths))
        }
        return load(files: files, earlier: diagnostics)
    }

    /// Loads test files given as (path, text) pairs, in the order given.
    public func load(sources: [(path: String, text: String)]) -> PolicyTestLoadResult {
        load(files: sources.map { SourceFile(path: $0.path, text: $0.text) })
    }

    /// Loads already read test files.
    public func load(files: [SourceFile], earlier: [Diagnostic] = []) -> PolicyTestLoadResult {
        var bag = DiagnosticBag()
        bag.add(contentsOf: earlier)
        var suites: [PolicyTestSuite] = []
        for file in files {
            let document = YAMLReader.read(file, limits: limits)
            bag.add(contentsOf: document.diagnostics)
            let reporter = SyntaxReporter()
            var reader = TestFileReader(policy: policy, reporter: reporter)
            let tests = reader.readFile(document)
            bag.add(contentsOf: reporter.bag.diagnostics)
            if let tests { suites.append(PolicyTestSuite(file: file, tests: tests)) }
        }
        return PolicyTestLoadResult(suites: suites, diagnostics: bag.sorted(), files: files)
    }
}

// MARK: - Reading

/// The request fields of a test before they are checked against the policy.
struct TestRequestSyntax {
    var key: Located<String>?
    var secret: Located<String>?
    var peer: Located<String>?
    var forwardedFor: [String] = []
    var time: Located<Timestamp>?
    var scope: Located<String>?
    var model: Located<String>?
    var inputTokens: Int64 = 0
    var maxOutputTokens: Int64 = 0
    var labels: [String: String] = [:]
    var requestID: String?
    var range: SourceRange
}

/// The words `decision:` accepts.
enum ExpectedEffect: String, CaseIterable {
    case allow
    case deny
}

/// Reads the tests of one file. Each test is read completely, so one run
/// reports every mistake in it; a test with any error is left out.
struct TestFileReader {
    let policy: CompiledPolicy
    let reporter: SyntaxReporter
    var read: ScalarReader { ScalarReader(reporter: reporter) }
    private var firstNames: [String: SourceRange] = [:]

    static let fileFields = ["tests", "defaults"]
    static let defaultsFields = ["request"]
    static let testFields = ["name", "description", "skip", "request", "usage", "expect"]
    static let requestFields = [
        "key", "secret", "peer", "forwarded_for", "time", "scope", "model", "input_tokens", "max_output_tokens", "labels",
        "request_id",
    ]
    static let expectFields = ["decision", "reasons", "first_model", "plan", "route", "rule", "quota", "output_token_cap"]

    init(policy: CompiledPolicy, reporter: SyntaxReporter) {
        self.policy = policy
        self.reporter = reporter
    }

    /// Returns the file's tests, or nil when the file has no usable `tests` list.
    mutating func readFile(_ document: YAMLDocument) -> [PolicyTestCase]? {
        guard let root = document.root else {
            // An unreadable file already has its Y diagnostic; an empty one gets X001.
            if document.diagnostics.isEmpty {
                reporter.report(.emptyTestFile(at: SourceRange(file: document.file, start: 0, end: 0)))
            }
            return nil
        }
        guard case .mapping = root else {
            reporter.report(.testFileRoot(found: root.kindDescription, at: root.range))
            return nil
        }
        guard let fields = MappingFields(root, context: "a test file", allowed: Self.fileFields, reporter: reporter),
              let list = fields.required("tests", reporter: reporter),
              let items = read.list(list, field: "'tests'", element: { $0 })
        else { return nil }
        guard !items.isEmpty else {
            reporter.report(.emptyTestFile(at: list.range))
            return nil
        }
        let defaults = fields.value("defaults").flatMap(readDefaults)
        return items.compactMap { readTest($0, defaultRequest: defaults) }
    }

    private func readDefaults(_ node: Node) -> Node? {
        guard let fields = MappingFields(node, context: "'defaults'", allowed: Self.defaultsFields, reporter: reporter),
              let request = fields.value("request")
        else { return nil }
        guard case .mapping = request else {
            reporter.report(.wrongKind(expected: "a mapping", found: request.kindDescription, for: "'request' of 'defaults'",
                                       at: request.range))
            return nil
        }
        return request
    }

    /// Reads one test; returns nil when it has any error.
    private mutating func readTest(_ node: Node, defaultRequest: Node?) -> PolicyTestCase? {
        let errorsBefore = reporter.bag.errorCount
        let context = Self.peekName(node).map { "test '\($0)'" } ?? "a test"
        guard let fields = MappingFields(node, context: context, allowed: Self.testFields, reporter: reporter),
              let nameNode = fields.required("name", reporter: reporter),
              let name = read.string(nameNode, field: "the name of a test")
        else { return nil }
        if let first = firstNames[name.value] {
            reporter.report(.duplicateTestName(name.value, at: name.range, first: first))
        } else {
            firstNames[name.value] = name.range
        }
        if let text = fields.value("description") { _ = read.string(text, field: fields.describe("description")) }
        let skip = fields.value("skip").flatMap { read.bool($0, field: fields.describe("skip")) }?.value ?? false

        let expectation = fields.required("expect", reporter: reporter).flatMap { readExpectation($0, context: context) }
        var requestNode = fields.value("request").map { Self.merged($0, over: defaultRequest) } ?? defaultRequest
        if requestNode == nil { requestNode = fields.required("request", reporter: reporter) }
        let syntax = requestNode.flatMap { readRequest($0, test: name.value) }
        let checked = syntax.flatMap { checkRequest($0, expecting: expectation?.reasons ?? []) }
        var usage: [QuotaUsage] = []
        if let usageNode = fields.value("usage"), let syntax, let checked {
            usage = readUsage(usageNode, key: checked.key, request: syntax, test: name.value)
        }

        guard reporter.bag.errorCount == errorsBefore, let expectation, let checked else { return nil }
        return PolicyTestCase(name: name.value, location: name.range, request: checked.request, usage: usage,
                              expectation: expectation, isSkipped: skip)
    }

    /// Returns the test's name when it is a plain string, for messages about the test's other fields.
    private static func peekName(_ node: Node) -> String? {
        guard case .mapping(let entries, _, _) = node else { return nil }
        return entries.first { $0.key.value == "name" }?.value.scalar?.value
    }

    /// Returns the request mapping with each field the test does not set taken from the defaults.
    static func merged(_ node: Node, over defaults: Node?) -> Node {
        guard case .mapping(let own, let tag, let range) = node, case .mapping(let base, _, _)? = defaults else { return node }
        let names = Set(own.map(\.key.value))
        return .mapping(base.filter { !names.contains($0.key.value) } + own, tag: tag, range: range)
    }

    // MARK: - Requests

    /// Reads the request's fields and types; names are checked later.
    private func readRequest(_ node: Node, test: String) -> TestRequestSyntax? {
        guard let fields = MappingFields(node, context: "the request", allowed: Self.requestFields, reporter: reporter) else {
            return nil
        }
        var request = TestRequestSyntax(range: fields.range)
        let context = "the request of test '\(test)'"
        request.key = fields.value("key").flatMap { read.string($0, field: fields.describe("key")) }
        request.secret = fields.value("secret").flatMap { read.string($0, field: fields.describe("secret")) }
        if request.key == nil, request.secret == nil, !fields.has("key"), !fields.has("secret") {
            reporter.report(.testWithoutKey(test: test, at: fields.range))
        }
        request.peer = requiredString("peer", fields, context: context)
        request.scope = requiredString("scope", fields, context: context)
        request.model = requiredString("model", fields, context: context)

        if let node = fields.value("time") ?? fields.required("time", reporter: reporter, context: context) {
            request.time = read.timestamp(node, field: fields.describe("time"))
        }
        if let node = fields.value("forwarded_for") {
            request.forwardedFor = read.list(node, field: fields.describe("forwarded_for")) {
                read.string($0, field: "an entry of 'forwarded_for'")?.value
            } ?? []
        }

        if let node = fields.value("input_tokens") {
            request.inputTokens = read.integer(node, field: fields.describe("input_tokens"), in: 0...Int64.max)?.value ?? 0
        }
        if let node = fields.value("max_output_tokens") {
            request.maxOutputTokens = read.integer(node, field: fields.describe("max_output_tokens"), in: 0...Int64.max)?.value ?? 0
        }
        if let node = fields.value("labels") {
            request.labels = read.labels(node, field: fields.describe("labels")).mapValues(\.value)
        }
        request.requestID = fields.value("request_id").flatMap { read.string($0, field: fields.describe("request_id")) }?.value
        return request
    }

    private func requiredString(_ name: String, _ fields: MappingFields, context: String) -> Located<String>? {
        guard let node = fields.value(name) ?? fields.required(name, reporter: reporter, context: context) else { return nil }
        return read.string(node, field: fields.describe(name))
    }

    // MARK: - Expectations

    private func readExpectation(_ node: Node, context: String) -> TestExpectation? {
        guard let fields = MappingFields(node, context: "'expect' of \(context)", allowed: Self.expectFields, reporter: reporter),
              let decisionNode = fields.required("decision", reporter: reporter),
              let effect = read.choice(decisionNode, field: fields.describe("decision"), as: ExpectedEffect.self)
        else { return nil }
        var expectation = TestExpectation(effect: effect.value == .allow ? .allow : .deny)
        if let node = fields.value("reasons") {
            expectation.reasons = readReasons(node, field: fields.describe("reasons"), effect: effect.value)
        }
        if let node = fields.value("first_model") {
            expectation.firstModel = read.string(node, field: fields.describe("first_model")).flatMap {
                model($0, field: "'first_model'", allowNone: true)
            }
        }
        if let node = fields.value("plan") {
            expectation.plan = read.list(node, field: fields.describe("plan")) {
                read.string($0, field: "an entry of 'plan'").flatMap { model($0, field: "'plan'") }
            }
        }
        if let node = fields.value("route"), let route = read.string(node, field: fields.describe("route")) {
            expectation.route = reference(route, kind: "route", known: policy.routeIDs)
        }
        if let node = fields.value("rule"), let rule = read.string(node, field: fields.describe("rule")) {
            expectation.rule = reference(rule, kind: "rule", known: policy.ruleIDs)
        }
        if let node = fields.value("quota"), let quota = read.string(node, field: fields.describe("quota")) {
            expectation.quota = reference(quota, kind: "quota", known: policy.quotas.map(\.name))
        }
        if let node = fields.value("output_token_cap") {
            expectation.outputTokenCap = read.integer(node, field: fields.describe("output_token_cap"), in: 0...Int64.max)?.value
        }
        return expectation
    }

    private func readReasons(_ node: Node, field: String, effect: ExpectedEffect) -> [ReasonCode]? {
        let codes = ReasonCode.allCases.map(\.rawValue)
        return read.list(node, field: field) { item -> ReasonCode? in
            guard let text = read.string(item, field: "an entry of 'reasons'") else { return nil }
            guard let code = ReasonCode(rawValue: text.value) else {
                reporter.report(.unknownReasonCode(text.value, known: codes, at: text.range))
                return nil
            }
            if code.isAllow != (effect == .allow) {
                reporter.report(.reasonContradictsDecision(text.value, decision: effect.rawValue, at: text.range))
                return nil
            }
            return code
        }
    }
}

extension MappingFields {
    /// Returns the value of a required field, naming `context` when it is missing.
    func required(_ name: String, reporter: SyntaxReporter, context: String) -> Node? {
        guard let node = value(name) else {
            reporter.report(.missingField(name, in: context, at: range))
            return nil
        }
        return node
    }
}
