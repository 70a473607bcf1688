# SPDX-License-Identifier: MIT
"""The README's Python example runs as written and prints what the README says it prints."""
import os
import re
import subprocess
import sys

import pytest

from refdata import SOURCE_ROOT

README = os.path.join(SOURCE_ROOT, "README.md")


def python_section():
    with open(README, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^## Python\n(.*?)^## ", text, re.S | re.M)
    assert m, "README.md has no '## Python' section"
    return m.group(1)


@pytest.mark.skipif(not os.path.exists(README), reason="not in the source tree")
def test_readme_example_prints_what_the_readme_says(tmp_path):
    section = python_section()
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    expected = re.search(r"```python\n.*?```.*?```text\n(.*?)```", section, re.S).group(1)
    script = tmp_path / "example.py"
    script.write_text(code)
    done = subprocess.run([sys.executable, str(script)], cwd=SOURCE_ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected
