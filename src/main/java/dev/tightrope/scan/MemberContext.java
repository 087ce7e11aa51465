package dev.tightrope.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/** An {@link AnalysisContext} view whose member path is a child of its parent's. */
final class MemberContext implements AnalysisContext {

    private final AnalysisContext parent;
    private final String relative;
    private final String member;

    MemberContext(AnalysisContext parent, String memberName) {
        this.parent = Objects.requireNonNull(parent, "parent");
        this.relative = Objects.requireNonNull(memberName, "memberName");
        this.member = MemberPaths.join(parent.member(), memberName);
    }

    @Override
    public void report(ScanFinding finding) {
        parent.report(finding);
    }

    @Override
    public String member() {
        return member;
    }

    @Override
    public void scanNested(String memberName, ScanInput content) throws IOException {
        parent.scanNested(MemberPaths.join(relative, memberName), content);
    }

    @Override
    public Path baseDirectory() {
        return parent.baseDirectory();
    }

    @Override
    public ScanLimits limits() {
        return parent.limits();
    }

    @Override
    public void checkDeadline() {
        parent.checkDeadline();
    }
}
