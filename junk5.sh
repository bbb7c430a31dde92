printf 'keep 99999999999999999999999 direct A\ntext: x\nkeep -1 direct A\ntext: x\nkeep 0 direct A\ntext: x\n' >"$1"
head -c 200000 /dev/zero | tr '\0' a >>"$1"
