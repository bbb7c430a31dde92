printf 'keep new indirect Ana Ruiz\ntext: words \000 said\n' >>"$1"
