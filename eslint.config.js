import neostandard from 'neostandard'

// The environment is read once, by the configuration: code that writes it passes values behind
// everyone's back (a forked worker gets its settings through cluster.fork(env) instead).
const ENV_WRITE = 'Do not write process.env: pass the value explicitly (cluster.fork(env), a child\'s env option, a function argument).'

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'dist-*/**', 'coverage/**', 'node_modules/**', '.tap/**', 'data/**'] }),
  {
    files: ['src/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "AssignmentExpression > MemberExpression.left[object.object.name='process'][object.property.name='env']", message: ENV_WRITE },
        { selector: "UnaryExpression[operator='delete'] > MemberExpression[object.object.name='process'][object.property.name='env']", message: ENV_WRITE },
        { selector: "CallExpression[callee.object.name='Object'][callee.property.name='assign'] > MemberExpression:first-child[object.name='process'][property.name='env']", message: ENV_WRITE }
      ]
    }
  }
]
