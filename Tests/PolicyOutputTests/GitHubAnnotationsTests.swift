// GitHub Actions annotation commands: severities, positions and escaping.

import PolicyOutput
import PolicySource
import Testing

@Suite struct GitHubAnnotationsTests {
    @Test func sampleLines() {
        let lines = GitHubAnnotations().render(sampleDiagnostics()).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5)
        #expect(lines[0] == "::error file=policies/keys.yaml,line=3,col=25,endLine=3,endColumn=35,title=V002::prefix length '33' is outside 0..32 for IPv4%0Ahint: use a prefix length from 0 to 32")
        #expect(lines[1] == "::warning file=policies/keys.yaml,line=4,col=20,endLine=4,endColumn=23,title=S009::scope 'chat' is listed twice%0Anote: first listed here (policies/keys.yaml:4:14)%0Anote: duplicates are ignored")
        #expect(lines[2] == "::error file=policies/a b%2Cc%3Ad%25.yaml,line=2,col=3,endLine=2,endColumn=6,title=V002::prefix length '40' is outside 0..32 for IPv4")
        #expect(lines[3] == "::notice title=S011::directory 'policies' contains no policy files")
        #expect(lines[4] == "")
    }

    @Test func messageEscaping() {
        let file = SourceFile(path: "a.yaml", text: "a: 1\n")
        let diagnostic = Diagnostic(.yamlSyntax, "100% of\r\nkeys: a,b", at: SourceRange(file: file, start: 0, end: 1))
        let command = GitHubAnnotations().command(for: diagnostic)
        #expect(command == "::error file=a.yaml,line=1,col=1,endLine=1,endColumn=1,title=Y001::100%25 of%0D%0Akeys: a,b")
    }

    @Test func propertyEscaping() {
        let file = SourceFile(path: "dir:1/x,y%\n.yaml", text: "a: 1\n")
        let diagnostic = Diagnostic(.yamlSyntax, "bad", at: SourceRange(file: file, start: 0, end: 1))
        let command = GitHubAnnotations().command(for: diagnostic)
        #expect(command.hasPrefix("::error file=dir%3A1/x%2Cy%25%0A.yaml,line=1,"))
    }

    @Test func rangeOverLinesDropsColumns() {
        let diagnostic = Diagnostic(.wrongKind, "bad", at: range(of: "alpha", in: keysFile).through(range(of: "note", in: keysFile)))
        #expect(GitHubAnnotations().command(for: diagnostic) == "::error file=policies/keys.yaml,line=2,endLine=3,title=S003::bad")
    }

    @Test func rangeEndingAtLineBreak() {
        let diagnostic = Diagnostic(.wrongKind, "bad", at: range(of: "keys:\n", in: keysFile))
        #expect(GitHubAnnotations().command(for: diagnostic) == "::error file=policies/keys.yaml,line=1,col=1,endLine=1,endColumn=5,title=S003::bad")
    }

    @Test func emptyRangeKeepsColumn() {
        let diagnostic = Diagnostic(.missingField, "bad", at: SourceRange(file: keysFile, start: 2, end: 2))
        #expect(GitHubAnnotations().command(for: diagnostic) == "::error file=policies/keys.yaml,line=1,col=3,endLine=1,endColumn=3,title=S002::bad")
    }

    @Test func pathUnderSourceRoot() {
        let file = SourceFile(path: "/work/repo/policies/x.yaml", text: "a: 1\n")
        let diagnostic = Diagnostic(.yamlSyntax, "bad", at: SourceRange(file: file, start: 0, end: 1))
        let command = GitHubAnnotations(sourceRoot: "/work/repo").command(for: diagnostic)
        #expect(command.hasPrefix("::error file=policies/x.yaml,"))
    }

    @Test func emptyList() {
        #expect(GitHubAnnotations().render([]) == "")
    }
}
