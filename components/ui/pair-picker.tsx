"use client";
import { useState } from "react";
import { Field, Select } from "./field";

/** Two picks out of `count` options: the first and the second (the same one when there is only one). */
export function usePair(count: number) {
  const [a, setA] = useState(0);
  const [b, setB] = useState(Math.min(1, count - 1));
  return { a, b, setA, setB };
}

/**
 * Pick A and B out of one list (two columns to diff, two answers to judge): two labelled selects, as siblings,
 * so they sit in the caller's grid or row. Ids are `${id}-a` and `${id}-b`.
 */
export function PairPicker({ id, options, a, b, onA, onB, labels, selectClassName }: {
  id: string;
  options: string[];
  a: number;
  b: number;
  onA: (i: number) => void;
  onB: (i: number) => void;
  labels: [string, string];
  selectClassName?: string;
}) {
  const sides = [
    { key: "a", label: labels[0], value: a, on: onA },
    { key: "b", label: labels[1], value: b, on: onB },
  ];
  return (
    <>
      {sides.map((s) => (
        <Field key={s.key} label={s.label} htmlFor={`${id}-${s.key}`}>
          <Select id={`${id}-${s.key}`} value={s.value} onChange={(e) => s.on(Number(e.target.value))} className={selectClassName}>
            {options.map((o, i) => (
              <option key={i} value={i}>
                {o}
              </option>
            ))}
          </Select>
        </Field>
      ))}
    </>
  );
}
