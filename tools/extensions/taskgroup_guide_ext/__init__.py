"""The site's own Sphinx extensions, one module a purpose (README.md lists them).

One package, named so that no installed distribution has it: ``conf.py`` puts
``tools/extensions/`` on ``sys.path``, and this package is all that folder
holds, so a local module can never stand in for an installed one (such as
sphinx-notfound-page's ``notfound``), nor the other way round
(tests/test_extensions.py checks both). Importing it runs nothing.
"""
