'use strict'

// A very small structural validator, just big enough for the UI message and
// file-reference shapes. It reproduces the observable results of the zod
// schemas the reference package uses: the same accept/reject decisions, the
// same parsed output (unknown keys stripped, coerced dates, optional keys
// kept only when present in the input) and the same issue list (codes,
// paths, messages, key order).
//
// Every validator is `run(value) -> { value, issues }`. Issues are built raw
// (the offending input hidden under a symbol) and turned into their public
// form by `finalizeIssue`.

const INPUT = Symbol('input')

function rawIssue(fields, input) {
  fields[INPUT] = input
  return fields
}

const ok = (value) => ({ value, issues: [] })
const fail = (value, issue) => ({ value, issues: [issue] })

function isObjectLike(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isPlainRecord(v) {
  if (!isObjectLike(v)) return false
  const ctor = v.constructor
  if (ctor === undefined || typeof ctor !== 'function') return true
  const proto = ctor.prototype
  if (!isObjectLike(proto)) return false
  return Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf')
}

// ---------------------------------------------------------------------------
// Messages

function describeReceived(input) {
  switch (typeof input) {
    case 'number':
      if (Number.isNaN(input)) return 'NaN'
      if (!Number.isFinite(input)) return String(input)
      return 'number'
    case 'object': {
      if (input === null) return 'null'
      if (Array.isArray(input)) return 'array'
      if (Object.getPrototypeOf(input) !== Object.prototype && 'constructor' in input && input.constructor) {
        return input.constructor.name
      }
      return 'object'
    }
    default:
      return typeof input
  }
}

function quote(v) {
  if (typeof v === 'bigint') return `${v}n`
  if (typeof v === 'string') return `"${v}"`
  return `${v}`
}

function messageFor(iss) {
  switch (iss.code) {
    case 'invalid_type':
      return `Invalid input: expected ${iss.expected}, received ${describeReceived(iss[INPUT])}`
    case 'invalid_value':
      return iss.values.length === 1
        ? `Invalid input: expected ${quote(iss.values[0])}`
        : `Invalid option: expected one of ${iss.values.map(quote).join('|')}`
    case 'invalid_union':
      if (Array.isArray(iss.options) && iss.options.length > 0) {
        return `Invalid discriminator value. Expected ${iss.options.map((o) => `'${o}'`).join(' | ')}`
      }
      return 'Invalid input'
    case 'invalid_key':
      return `Invalid key in ${iss.origin}`
    default:
      return 'Invalid input'
  }
}

function finalizeIssue(iss) {
  const out = {}
  for (const k of Object.keys(iss)) {
    if (k === '__proto__') continue
    out[k] = iss[k]
  }
  if (out.path === undefined || out.path === null) out.path = []
  out.message = messageFor(iss)
  return out
}

function prefixPath(issues, segment, into) {
  for (const iss of issues) {
    iss.path = iss.path ? [segment, ...iss.path] : [segment]
    into.push(iss)
  }
}

// ---------------------------------------------------------------------------
// Leaf validators

const typeCheck = (expected, test) => ({
  run(v) {
    return test(v) ? ok(v) : fail(v, rawIssue({ expected, code: 'invalid_type' }, v))
  },
})

const string = () => typeCheck('string', (v) => typeof v === 'string')
const boolean = () => typeCheck('boolean', (v) => typeof v === 'boolean')
const unknown = () => ({ run: ok })

const number = () => ({
  run(v) {
    if (typeof v === 'number' && Number.isFinite(v)) return ok(v)
    const iss = { expected: 'number', code: 'invalid_type' }
    if (typeof v === 'number') iss.received = Number.isNaN(v) ? 'NaN' : String(v)
    return fail(v, rawIssue(iss, v))
  },
})

const oneOf = (...values) => {
  const set = new Set(values)
  return {
    values: set,
    run(v) {
      return set.has(v) ? ok(v) : fail(v, rawIssue({ code: 'invalid_value', values }, v))
    },
  }
}
const literal = (value) => oneOf(value)

/** `new Date(input)`, accepted when the result is a valid date. */
const coercedDate = () => ({
  run(v) {
    let value = v
    try {
      value = new Date(v)
    } catch {
      // e.g. a Symbol or BigInt: left as-is, and rejected below
    }
    if (value instanceof Date && !Number.isNaN(value.getTime())) return ok(value)
    const iss = { expected: 'date', code: 'invalid_type' }
    if (value instanceof Date) iss.received = 'Invalid Date'
    return fail(value, rawIssue(iss, value))
  },
})

/**
 * An optional key that is kept only when `inner` accepts its value; any other value is dropped
 * without an issue (fields a newer schema no longer has, still read from older servers).
 */
const keptIfValid = (inner) => ({
  optional: true,
  lenient: true,
  run(v) {
    return v === undefined ? ok(v) : inner.run(v)
  },
})

const optional = (inner) => ({
  optional: true,
  values: inner.values ? new Set([...inner.values, undefined]) : undefined,
  run(v) {
    return v === undefined ? ok(v) : inner.run(v)
  },
})

// ---------------------------------------------------------------------------
// Containers

function object(shape) {
  const keys = Object.keys(shape)
  return {
    shape,
    run(input) {
      if (!isObjectLike(input)) return fail(input, rawIssue({ expected: 'object', code: 'invalid_type' }, input))
      const out = {}
      const issues = []
      for (const key of keys) {
        if (key === '__proto__') continue
        const field = shape[key]
        const r = field.run(input[key])
        const present = key in input
        if (field.lenient) {
          if (present && r.issues.length === 0) out[key] = r.value
        } else if (field.optional) {
          // an absent optional key contributes nothing at all
          if (r.issues.length && !present) continue
          if (r.issues.length) prefixPath(r.issues, key, issues)
          if (present) out[key] = r.value
        } else {
          if (r.issues.length) prefixPath(r.issues, key, issues)
          else if (!present) {
            issues.push(rawIssue({ code: 'invalid_type', expected: 'nonoptional', path: [key] }, undefined))
          }
          if (present) out[key] = r.value
        }
      }
      return { value: out, issues }
    },
  }
}

/** Record with string keys; values unchecked, or checked by `value` when given. */
function stringRecord(value) {
  return {
    run(input) {
      if (!isPlainRecord(input)) return fail(input, rawIssue({ expected: 'record', code: 'invalid_type' }, input))
      const out = {}
      const issues = []
      for (const key of Reflect.ownKeys(input)) {
        if (key === '__proto__') continue
        if (!Object.prototype.propertyIsEnumerable.call(input, key)) continue
        if (typeof key !== 'string') {
          const keyIssue = finalizeIssue(rawIssue({ expected: 'string', code: 'invalid_type' }, key))
          issues.push(rawIssue({ code: 'invalid_key', origin: 'record', issues: [keyIssue], path: [key] }, key))
          continue
        }
        if (value === undefined) {
          out[key] = input[key]
          continue
        }
        const r = value.run(input[key])
        if (r.issues.length) prefixPath(r.issues, key, issues)
        out[key] = r.value
      }
      return { value: out, issues }
    },
  }
}

function array(element) {
  return {
    run(input) {
      if (!Array.isArray(input)) return fail(input, rawIssue({ expected: 'array', code: 'invalid_type' }, input))
      const out = new Array(input.length)
      const issues = []
      for (let i = 0; i < input.length; i++) {
        const r = element.run(input[i])
        if (r.issues.length) prefixPath(r.issues, i, issues)
        out[i] = r.value
      }
      return { value: out, issues }
    },
  }
}

/** First option that accepts wins; otherwise one issue carrying every option's issues. */
function union(options) {
  return {
    run(input) {
      const failures = []
      for (const option of options) {
        const r = option.run(input)
        if (r.issues.length === 0) return r
        failures.push(r)
      }
      const errors = failures.map((r) => r.issues.map(finalizeIssue))
      return fail(input, rawIssue({ code: 'invalid_union', errors }, input))
    },
  }
}

/** Union of object schemas chosen by the value of one key. */
function discriminated(key, options) {
  const byValue = new Map()
  for (const option of options) {
    for (const v of option.shape[key].values) byValue.set(v, option)
  }
  const known = [...byValue.keys()]
  return {
    run(input) {
      if (!isObjectLike(input)) return fail(input, rawIssue({ code: 'invalid_type', expected: 'object' }, input))
      const option = byValue.get(input[key])
      if (option) return option.run(input)
      return fail(
        input,
        rawIssue(
          {
            code: 'invalid_union',
            errors: [],
            note: 'No matching discriminator',
            discriminator: key,
            options: known.slice(),
            path: [key],
          },
          input,
        ),
      )
    },
  }
}

// ---------------------------------------------------------------------------
// Results

function jsonReplacer(_key, value) {
  return typeof value === 'bigint' ? value.toString() : value
}

/**
 * The failure value of a safe parse: an Error whose `issues` lists every
 * problem. Named 'ZodError' and shaped like one (message is the issues as
 * pretty JSON; `flatten()`, `format()`, `isEmpty`) so code written against
 * the reference keeps working.
 */
class SchemaValidationError extends Error {
  constructor(issues) {
    super()
    this.name = 'ZodError'
    Object.defineProperty(this, 'issues', { value: issues, writable: true, configurable: true, enumerable: false })
    this.message = JSON.stringify(issues, jsonReplacer, 2)
  }

  get isEmpty() {
    return this.issues.length === 0
  }

  addIssue(issue) {
    this.issues.push(issue)
    this.message = JSON.stringify(this.issues, jsonReplacer, 2)
  }

  addIssues(issues) {
    this.issues.push(...issues)
    this.message = JSON.stringify(this.issues, jsonReplacer, 2)
  }

  toString() {
    return this.message
  }

  flatten(mapper = (issue) => issue.message) {
    const formErrors = []
    const fieldErrors = {}
    for (const issue of this.issues) {
      if (issue.path.length === 0) {
        formErrors.push(mapper(issue))
        continue
      }
      const head = issue.path[0]
      if (!Object.prototype.hasOwnProperty.call(fieldErrors, head)) {
        Object.defineProperty(fieldErrors, head, { value: [], writable: true, enumerable: true, configurable: true })
      }
      fieldErrors[head].push(mapper(issue))
    }
    return { formErrors, fieldErrors }
  }

  format(mapper = (issue) => issue.message) {
    const root = { _errors: [] }
    const walk = (issues, base) => {
      for (const issue of issues) {
        const path = [...base, ...issue.path]
        if (issue.code === 'invalid_union' && issue.errors.length) {
          for (const branch of issue.errors) walk(branch, path)
          continue
        }
        if (issue.code === 'invalid_key' || issue.code === 'invalid_element') {
          walk(issue.issues, path)
          continue
        }
        let node = root
        path.forEach((segment, i) => {
          const last = i === path.length - 1
          if (segment === '_errors') {
            if (last) node._errors.push(mapper(issue))
            return
          }
          if (!Object.prototype.hasOwnProperty.call(node, segment)) {
            Object.defineProperty(node, segment, {
              value: { _errors: [] },
              writable: true,
              enumerable: true,
              configurable: true,
            })
          }
          node = node[segment]
          if (last) node._errors.push(mapper(issue))
        })
        if (path.length === 0) root._errors.push(mapper(issue))
      }
    }
    walk(this.issues, [])
    return root
  }
}

function safeParseWith(schema, data) {
  const r = schema.run(data)
  if (r.issues.length === 0) return { success: true, data: r.value }
  return { success: false, error: new SchemaValidationError(r.issues.map(finalizeIssue)) }
}

module.exports = {
  string,
  boolean,
  number,
  unknown,
  literal,
  oneOf,
  coercedDate,
  optional,
  keptIfValid,
  object,
  stringRecord,
  array,
  union,
  discriminated,
  safeParseWith,
  SchemaValidationError,
}
