# Parses stub files given on stdin as a JSON list of [name, text] pairs and prints, as a JSON list of
# [name, problem] pairs, every file that is not valid Python or (unless --syntax-only) that uses a
# name it does not define. With --stream: one pair per line in, one list of problems per line out.
# Names must be builtins, imported, or declared somewhere in the file (a .pyi may refer to a class
# declared further down); quoted forward references must name something the file declares.
import ast
import builtins
import json
import sys

IMPORTABLE = {"Any", "Literal", "TypedDict"}


def problems(text, syntax_only):
    try:
        tree = ast.parse(text)
    except SyntaxError as e:
        return ["SyntaxError: %s (line %s)" % (e.msg, e.lineno)]
    except (ValueError, RecursionError, MemoryError) as e:
        return ["%s: %s" % (type(e).__name__, e)]
    if syntax_only:
        return []
    found = []
    everything = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            everything.add(node.name)
        elif isinstance(node, ast.Assign):
            everything |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    seen = set(dir(builtins))

    def check(n):
        if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id == "Literal":
            if "Literal" not in seen:
                found.append("Literal not imported")
            return
        if isinstance(n, ast.Name):
            if n.id not in seen and n.id not in everything:
                found.append("%s is not defined" % n.id)
        elif isinstance(n, ast.Constant):
            if isinstance(n.value, str) and n.value not in everything:
                found.append("forward reference %r names nothing" % n.value)
        else:
            for child in ast.iter_child_nodes(n):
                check(child)

    declared = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            seen |= {a.name for a in node.names}
        elif isinstance(node, ast.ClassDef):
            for b in node.body:
                if isinstance(b, ast.AnnAssign):
                    check(b.annotation)
            declared.append(node.name)
        elif isinstance(node, ast.Assign):
            call = node.value
            if isinstance(call, ast.Call) and len(call.args) == 2 and isinstance(call.args[1], ast.Dict):
                for v in call.args[1].values:
                    check(v)
            declared += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.FunctionDef):
            args = node.args
            for a in args.args + args.kwonlyargs:
                if a.annotation is not None:
                    check(a.annotation)
            if node.returns is not None:
                check(node.returns)
            declared.append(node.name)
        if declared:
            name = declared[-1]
            if name in IMPORTABLE or name in ("None", "True", "False"):
                found.append("%s shadows a name the stub needs" % name)
            if name in seen and name not in dir(builtins):
                found.append("%s declared twice" % name)
            seen.add(name)
            declared.clear()
    return found


syntax_only = "--syntax-only" in sys.argv[1:]
if "--stream" in sys.argv[1:]:
    # One [name, text] pair per input line, one JSON list of problems per output line, until EOF:
    # a long-lived checker for the fuzz tests.
    for line in sys.stdin.buffer:
        name, text = json.loads(line.decode("utf-8"))
        print(json.dumps(problems(text, syntax_only)), flush=True)
    sys.exit(0)
bad = []
for name, text in json.loads(sys.stdin.buffer.read().decode("utf-8")):
    for problem in problems(text, syntax_only):
        bad.append([name, problem])
print(json.dumps(bad))
