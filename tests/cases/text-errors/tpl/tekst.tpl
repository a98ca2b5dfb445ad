text 1
para "A {cell 2.2 row='Ja i alt' col=social_boform}."
para "B {cell 2.2 row=1 col=socialboform}."
para "C {cell 9.9 row=1}."
para "D {cell 2.2 row=99 col=social_boform}."
para "E {cell 2.2 row=1 col=social_boform m=gennemsnit}."
para "F {pct 1}."
place 2.2
place 2.2
heading 7.7
para if="x > 1" "G"
para "H {cell 2.2 row=1}."
para "I {ref 3.3} {nosuch}"
