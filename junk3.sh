printf 'keep 1 direct A\\u{D800}\ntext: x\\u{110000}\n' >"$1"
