package dev.tightrope.scan.formats;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ChatTemplateRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        // Llama 3 instruct
        "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>'"
            + " + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}"
            + "{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}",
        // Qwen 2.5 style state keeping with namespace(...)
        "{%- set ns = namespace(multi_step_tool=true, last_query_index=messages|length - 1) %}"
            + "{%- for message in messages[::-1] %}{%- set index = (messages|length - 1) - loop.index0 %}"
            + "{%- if ns.multi_step_tool and message.role == 'user' %}{%- set ns.multi_step_tool = false %}"
            + "{%- set ns.last_query_index = index %}{%- endif %}{%- endfor %}",
        // prose that contains the words only as parts of other words
        "{{ 'You evaluate loan requests, execute checks and list videos. Be cosmic.' }}{{ tool_name | replace('_', ' ') }}",
        // Mistral with raise_exception
        "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
            + "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
            + "{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% endif %}{% endfor %}"
    })
    void realChatTemplatesMatchNothing(String template) {
        assertThat(ChatTemplateRules.scan(template)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ self._TemplateReference__context.joiner }}",
        "{{ x|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
        "{{ lipsum['__globals__'] }}",
        "{{ namespace.__init__ }}",
        "{% set n = namespace %}{{ n }}",
        "{{ x[('_' * 2) ~ 'class' ~ ('_' * 2)] }}",
        "{{ x['__cla' ~ 'ss__'] }}",
        "{{ '%c%c'|format(95, 95) }}",
        "{% set s = subprocess %}",
        "{{ eval('1') }}",
        "{{ exec }}",
        "{{ os . system }}"
    })
    void injectionPayloadsMatch(String template) {
        assertThat(ChatTemplateRules.scan(template)).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"popen", "cycler", "joiner", "lipsum"})
    void eachGadgetNameIsReportedByName(String word) {
        assertThat(ChatTemplateRules.scan("{{ " + word + " }}")).extracting(ChatTemplateRules.Match::pattern).contains(word);
    }
}
